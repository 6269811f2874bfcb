import { expect } from 'vitest';
import { classify } from '../classify';

/** The checks every concept family's test file runs on its three tables (concepts/*.test.ts). */
export type Tier = 'emergency' | 'possible' | null;

const emergencyOf = (body: string) => classify({ subject: '', body }).emergency;
const tierOf = (body: string): Tier => emergencyOf(body)?.tier ?? null;

/** Lay wording that must fire: a first-tier emergency in this family (a crisis, for the crisis families). */
export const firesIn =
  (family: string, kind?: 'crisis') =>
  (text: string): void => {
    const e = emergencyOf(text);
    expect(e?.tier).toBe('emergency');
    expect(e?.families).toContain(family);
    if (kind !== undefined) expect(e?.kind).toBe(kind);
  };

/** A modifier changes acuity: the plain wording gets one tier, the modified one another. */
export function modifierChanges(plain: string, plainTier: Tier, modified: string, modifiedTier: Tier): void {
  expect(tierOf(plain)).toBe(plainTier);
  expect(tierOf(modified)).toBe(modifiedTier);
}

/** A look-alike gets no flag (`null`), or at most the second tier where its context is honestly unclear. */
export function atMost(text: string, ceiling: Tier): void {
  const tier = tierOf(text);
  if (ceiling === null) expect(tier).toBeNull();
  else expect(tier).not.toBe('emergency');
}
