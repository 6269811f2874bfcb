/**
 * The TRICARE regional contractors, who manage the civilian network (and so the referrals sent
 * to it) in each region. One table for the demo clinic's referrals and the reply quick texts.
 */
export const TRICARE_CONTRACTORS = {
  East: { name: 'Humana Military', site: 'HumanaMilitary.com' },
  West: { name: 'TriWest Healthcare Alliance', site: 'TriWest.com' },
} as const satisfies Record<string, { name: string; site: string }>;

export type TricareRegion = keyof typeof TRICARE_CONTRACTORS;
