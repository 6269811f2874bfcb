import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';

export interface DeskUser {
  /** The Practitioner's id: the views ("My items", the pools they are in) are read with it. */
  id: string;
  /** `Practitioner/…`, the actor of every action recorded on this desk. */
  reference: string;
  name: string;
}

/**
 * Until sign-in arrives (SMART launch, the security issue), the demo desk acts as a nurse on the
 * clinic's roster — one who leads a pool when there is one, so the demo shows every view (the
 * escalations and all pools too); a configured portal names no one and actions are refused.
 */
export async function demoDeskUser(db: Kysely<DB>): Promise<DeskUser | null> {
  // On a first start the staff arrive a feed before their pools: choosing then would miss the leads.
  const pools = await db.selectFrom('pool_member').select('pool_id').limit(1).executeTakeFirst();
  if (pools === undefined) return null;
  const row = await db
    .selectFrom('practitioner_role')
    .innerJoin('practitioner', 'practitioner.id', 'practitioner_role.practitioner_id')
    .select(['practitioner.id', 'practitioner.display_name'])
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom('pool_member')
            .select('pool_member.pool_id')
            .whereRef('pool_member.practitioner_id', '=', 'practitioner.id')
            .where('pool_member.lead', '=', 1),
        )
        .as('leads'),
    )
    .where('practitioner_role.role', '=', 'nurse')
    .orderBy('leads', 'desc')
    .orderBy('practitioner.id')
    .limit(1)
    .executeTakeFirst();
  return row === undefined ? null : toDeskUser(row);
}

/** A named member of the roster as the desk user (two demo desks acting as different staff); null until the roster has them. */
export async function deskUserById(db: Kysely<DB>, practitionerId: string): Promise<DeskUser | null> {
  const row = await db
    .selectFrom('practitioner')
    .select(['id', 'display_name'])
    .where('id', '=', practitionerId)
    .executeTakeFirst();
  return row === undefined ? null : toDeskUser(row);
}

const toDeskUser = (row: { id: string; display_name: string }): DeskUser => ({
  id: row.id,
  reference: `Practitioner/${row.id}`,
  name: row.display_name,
});
