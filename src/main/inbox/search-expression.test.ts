import { describe, expect, it } from 'vitest';
import { searchExpression } from './search-expression';

describe('searchExpression', () => {
  it('quotes every word, ANDs them, and makes the last a prefix', () => {
    expect(searchExpression('chest pai')).toBe('"chest" AND "pai"*');
    expect(searchExpression('refill')).toBe('"refill"*');
  });

  it('reads FTS5 syntax as words', () => {
    expect(searchExpression('knee AND NEAR(x) -y "z" subject:w*')).toBe(
      '"knee" AND "AND" AND "NEAR" AND "x" AND "y" AND "z" AND "subject" AND "w"*',
    );
  });

  it('keeps letters and digits of any script', () => {
    expect(searchExpression('Müller café 2026')).toBe('"Müller" AND "café" AND "2026"*');
  });

  it('answers null when nothing searchable was typed', () => {
    for (const text of ['', '   ', '"', '*', '?!…', '()']) expect(searchExpression(text)).toBeNull();
  });
});
