/**
 * A small seeded generator (mulberry32): the demo clinic must come out identical for one seed on
 * every machine, which Math.random cannot give.
 */
export interface Random {
  next(): number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[Math.floor(next() * items.length)] as (typeof items)[number];
    },
    chance: (p) => next() < p,
  };
}

/**
 * A seed for item `n` of a stream: live messages must not depend on how many came before, so each
 * gets its own generator instead of sharing one. Mixing (murmur3's finaliser) keeps neighbouring n
 * from giving neighbouring sequences.
 */
export function deriveSeed(seed: number, n: number): number {
  let h = (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(n >>> 0, 0x85ebca77)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * A seed for one resource, from the clinic's seed and the resource's id: for facts added after the
 * clinic's main stream was drawn (vital signs, fills), so they never shift what that stream gives
 * every other resource, and each comes out the same whatever else is generated.
 */
export function idSeed(seed: number, id: string): number {
  // FNV-1a over the UTF-16 code units, then mixed with the seed as a stream index.
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193) >>> 0;
  return deriveSeed(seed, h);
}

/** Picks by weight; the cumulative table is built once, so a pick in a hot loop is a binary search. */
export function weightedPicker<T>(entries: readonly (readonly [T, number])[]): (rnd: Random) => T {
  const cumulative: number[] = [];
  let total = 0;
  for (const [, weight] of entries) {
    total += weight;
    cumulative.push(total);
  }
  if (entries.length === 0 || total <= 0) throw new Error('weightedPicker needs a positive weight');
  return (rnd) => {
    const target = rnd.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] ?? 0) > target) hi = mid;
      else lo = mid + 1;
    }
    return (entries[lo] as readonly [T, number])[0];
  };
}

/** Exponentially distributed wait with the given mean: how long until someone gets to an item. */
export function exponential(rnd: Random, mean: number): number {
  return -mean * Math.log(1 - rnd.next());
}
