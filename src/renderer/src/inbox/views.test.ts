import { describe, expect, it } from 'vitest';
import type { InboxViews, PoolSummary } from '../../../shared/work-item';
import { defaultView, keepOrDefault, viewTitle } from './views';

const pool = (id: string, member: boolean): PoolSummary => ({
  id,
  name: `Pool ${id}`,
  openCount: 0,
  overdueCount: 0,
  emergencyCount: 0,
  leadName: null,
  member,
  members: [],
});

const views = (over: Partial<InboxViews>): InboxViews => ({
  user: { id: 'p1', name: 'Lt Ana Ruiz', role: 'nurse', canPrescribe: false },
  mineCount: 0,
  escalatedCount: null,
  allCount: null,
  renewalsCount: 3,
  resultsCount: 2,
  pools: [],
  routeTargets: [],
  ...over,
});

describe('inbox views', () => {
  it('opens on the first pool the user works in', () => {
    expect(defaultView(views({ pools: [pool('a', false), pool('b', true), pool('c', true)] }))).toEqual({
      kind: 'pool',
      poolId: 'b',
    });
  });

  it('opens on all pools when nobody is signed in, and on my items for a user with no pool', () => {
    expect(defaultView(views({ user: null, pools: [pool('a', false)] }))).toEqual({ kind: 'all' });
    expect(defaultView(views({}))).toEqual({ kind: 'mine' });
  });

  it('keeps the chosen view while it is offered, and falls back when it is not', () => {
    const v = views({ pools: [pool('a', true)], escalatedCount: 2, allCount: 9 });
    expect(keepOrDefault({ kind: 'escalated' }, v)).toEqual({ kind: 'escalated' });
    expect(keepOrDefault({ kind: 'pool', poolId: 'gone' }, v)).toEqual({ kind: 'pool', poolId: 'a' });
    expect(keepOrDefault({ kind: 'all' }, views({ pools: [pool('a', true)] }))).toEqual({ kind: 'pool', poolId: 'a' });
    expect(keepOrDefault(null, v)).toEqual({ kind: 'pool', poolId: 'a' });
  });

  it('keeps the renewals view while it is offered (a signed-in user), and not otherwise', () => {
    const v = views({ pools: [pool('a', true)] });
    expect(keepOrDefault({ kind: 'renewals' }, v)).toEqual({ kind: 'renewals' });
    expect(keepOrDefault({ kind: 'renewals' }, { ...v, renewalsCount: null })).toEqual({ kind: 'pool', poolId: 'a' });
  });

  it('keeps the results view while it is offered, and not otherwise', () => {
    const v = views({ pools: [pool('a', true)] });
    expect(keepOrDefault({ kind: 'results' }, v)).toEqual({ kind: 'results' });
    expect(keepOrDefault({ kind: 'results' }, { ...v, resultsCount: null })).toEqual({ kind: 'pool', poolId: 'a' });
  });

  it('titles each view', () => {
    const v = views({ pools: [pool('a', true)] });
    expect(viewTitle({ kind: 'pool', poolId: 'a' }, v)).toBe('Pool a');
    expect(viewTitle({ kind: 'escalated' }, v)).toBe('Escalated to me');
    expect(viewTitle({ kind: 'renewals' }, v)).toBe('Renewals');
    expect(viewTitle({ kind: 'results' }, v)).toBe('Results');
  });
});
