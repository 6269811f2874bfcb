import { z } from 'zod';

const practitionerId = z
  .string()
  .regex(/^[A-Za-z0-9\-.]{1,64}$/, 'must be a Practitioner id (letters, digits, "-" or ".", at most 64)');

/**
 * Who may read and act where, beyond what the roster says (pool memberships and leads, roles).
 * A clinic's `access-policy.json`; every field has the least-privilege default, so a clinic
 * widens access on purpose and in writing.
 */
export const accessPolicySchema = z
  .object({
    /**
     * Read and act in every pool, as its lead would, and see the lead views over all of them: the
     * clinic's nurse manager or element chief. Practitioner ids; none by default.
     */
    supervisors: z.array(practitionerId).max(200).default([]),
    /** Everyone may read (never act on) every pool's items, as on a small clinic's shared board. */
    readAcrossPools: z.boolean().default(false),
    /**
     * `own-team`: a PCM decides renewals and results in the pools they belong to, and those assigned
     * to them (covering a colleague is an assignment). `clinic`: any PCM decides any.
     */
    prescriberScope: z.enum(['own-team', 'clinic']).default('own-team'),
  })
  .strict();

export type AccessPolicy = z.infer<typeof accessPolicySchema>;

export const DEFAULT_ACCESS_POLICY: AccessPolicy = Object.freeze({
  supervisors: [],
  readAcrossPools: false,
  prescriberScope: 'own-team',
});

export type ParsedAccessPolicy = { ok: true; policy: AccessPolicy } | { ok: false; problems: string[] };

export function parseAccessPolicy(value: unknown): ParsedAccessPolicy {
  const parsed = accessPolicySchema.safeParse(value);
  if (parsed.success) return { ok: true, policy: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((issue) => {
      const where = issue.path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`)).join('');
      const field = where.replace(/^\./, '');
      return field === '' ? issue.message : `${field}: ${issue.message}`;
    }),
  };
}
