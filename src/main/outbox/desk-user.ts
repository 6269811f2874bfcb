import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';

export interface DeskUser {
  /** `Practitioner/…`, the actor of every action recorded on this desk. */
  reference: string;
  name: string;
}

/**
 * Until sign-in arrives (SMART launch, the security issue), the demo desk acts as the first nurse
 * on the clinic's roster, so the demo can be worked; a configured portal names no one and
 * actions are refused.
 */
export async function demoDeskUser(db: Kysely<DB>): Promise<DeskUser | null> {
  const row = await db
    .selectFrom('practitioner_role')
    .innerJoin('practitioner', 'practitioner.id', 'practitioner_role.practitioner_id')
    .select(['practitioner.id', 'practitioner.display_name'])
    .where('practitioner_role.role', '=', 'nurse')
    .orderBy('practitioner.id')
    .limit(1)
    .executeTakeFirst();
  return row === undefined ? null : { reference: `Practitioner/${row.id}`, name: row.display_name };
}
