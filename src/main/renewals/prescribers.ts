import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import type { StaffMember } from '../../shared/work-item';

/** The staff role that signs prescriptions (docs/portal.md, Mapping: PractitionerRole code `pcm`). */
export const PRESCRIBER_ROLE = 'pcm';

/** Whether the practitioner holds the PCM role on the roster the cache has. */
export async function isPrescriber(db: Kysely<DB>, practitionerId: string): Promise<boolean> {
  const row = await db
    .selectFrom('practitioner_role')
    .select('id')
    .where('practitioner_id', '=', practitionerId)
    .where('role', '=', PRESCRIBER_ROLE)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Every PCM on the roster, by name: where a renewal can be routed. */
export async function listPrescribers(db: Kysely<DB>): Promise<StaffMember[]> {
  const rows = await db
    .selectFrom('practitioner_role')
    .innerJoin('practitioner', 'practitioner.id', 'practitioner_role.practitioner_id')
    .select(['practitioner.id', 'practitioner.display_name as name'])
    .where('practitioner_role.role', '=', PRESCRIBER_ROLE)
    .groupBy('practitioner.id')
    .orderBy('practitioner.display_name')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, role: PRESCRIBER_ROLE }));
}

export const practitionerIdOf = (reference: string): string | null =>
  reference.startsWith('Practitioner/') ? reference.slice('Practitioner/'.length) : null;
