import { describe, expect, it } from 'vitest';
import { ageFrom, dueState, timeLeft } from './format';

const now = Date.parse('2026-11-27T15:00:00Z');
const minutes = (n: number) => n * 60_000;

describe('due display', () => {
  it('grades due times: overdue, within four hours, later, none', () => {
    expect(dueState(now - 1, now)).toBe('overdue');
    expect(dueState(now, now)).toBe('overdue');
    expect(dueState(now + minutes(240), now)).toBe('soon');
    expect(dueState(now + minutes(241), now)).toBe('ok');
    expect(dueState(null, now)).toBe('none');
  });

  it('says how long is left in words a nurse scans', () => {
    expect(timeLeft(now + minutes(25), now)).toBe('Due in 25 min');
    expect(timeLeft(now + minutes(125), now)).toBe('Due in 2 h 5 m');
    expect(timeLeft(now - minutes(23 * 60 + 58), now)).toBe('Overdue 24 h');
    expect(timeLeft(now + minutes(10 * 60 + 20), now)).toBe('Due in 10 h');
    expect(timeLeft(now - minutes(60 * 26), now)).toBe('Overdue 1 d 2 h');
    expect(timeLeft(now + minutes(60 * 48), now)).toBe('Due in 2 d');
    expect(timeLeft(null, now)).toBe('No due time');
  });

  it('counts age in whole years, birthday not yet reached', () => {
    expect(ageFrom('1990-11-28', now)).toBe('35 y');
    expect(ageFrom('1990-11-27', now)).toBe('36 y');
    expect(ageFrom(null, now)).toBeNull();
  });
});
