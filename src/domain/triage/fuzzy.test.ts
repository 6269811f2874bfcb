import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deletions, editDistance, isNeighbourSwap, withinOneEdit } from './fuzzy';

describe('edit distance', () => {
  it.each([
    ['pain', 'pain', 0],
    ['pian', 'pain', 1],
    ['suicidel', 'suicidal', 1],
    ['breath', 'breathe', 1],
    ['stroak', 'stroke', 2],
    ['', 'abc', 3],
    ['chest', 'cheats', 2],
  ])('%s → %s is %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });

  it('withinOneEdit agrees with the full distance', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c'), maxLength: 7 });
    fc.assert(
      fc.property(word, word, (a, b) => {
        expect(withinOneEdit(a, b)).toBe(editDistance(a, b) <= 1);
      }),
      { numRuns: 2000 },
    );
  });

  it('finds a neighbour swap and nothing else', () => {
    expect(isNeighbourSwap('pian', 'pain')).toBe(true);
    expect(isNeighbourSwap('pain', 'pain')).toBe(false);
    expect(isNeighbourSwap('rain', 'pain')).toBe(false);
    expect(isNeighbourSwap('form', 'from')).toBe(true);
  });

  it('lists one deletion per letter', () => {
    expect(deletions('pain')).toEqual(['ain', 'pin', 'pan', 'pai']);
  });
});
