import type { Kysely } from 'kysely';
import type { ItemPlace, Person, Pool } from '../../domain/access/decide';
import type { DB } from '../db/schema';

/*
 * What the access policy judges by, read from the roster and the items the cache holds: the
 * portal's own record of who belongs where, never what the page says.
 */

/** A member of the roster with their roles and pools; null when the cache has no such Practitioner. */
export async function personOf(db: Kysely<DB>, practitionerId: string): Promise<Person | null> {
  const [row, roles, pools] = await Promise.all([
    db.selectFrom('practitioner').select(['id', 'display_name']).where('id', '=', practitionerId).executeTakeFirst(),
    db
      .selectFrom('practitioner_role')
      .select('role')
      .where('practitioner_id', '=', practitionerId)
      .where('role', 'is not', null)
      .execute(),
    db
      .selectFrom('pool_member')
      .innerJoin('pool', 'pool.id', 'pool_member.pool_id')
      .select(['pool_member.pool_id', 'pool_member.lead'])
      .where('pool_member.practitioner_id', '=', practitionerId)
      // An inactive pool is no one's to work in.
      .where('pool.active', '=', 1)
      .execute(),
  ]);
  if (row === undefined) return null;
  return {
    id: row.id,
    name: row.display_name,
    roles: roles.flatMap((r) => (r.role === null ? [] : [r.role])),
    pools: new Map(pools.map((p) => [p.pool_id, { lead: p.lead === 1 }])),
  };
}

/** A pool by id, with whether it is active; null when the cache has none. */
export async function poolOf(db: Kysely<DB>, poolId: string): Promise<(Pool & { active: boolean }) | null> {
  const row = await db.selectFrom('pool').select(['id', 'name', 'active']).where('id', '=', poolId).executeTakeFirst();
  return row === undefined ? null : { id: row.id, name: row.name, active: row.active === 1 };
}

/** Where an item is; null when the cache does not hold it. */
export async function itemPlaceOf(db: Kysely<DB>, itemId: string): Promise<ItemPlace | null> {
  const row = await db
    .selectFrom('work_item')
    .leftJoin('pool', 'pool.id', 'work_item.pool_id')
    .select(['work_item.pool_id', 'pool.name as pool_name', 'work_item.owner_type', 'work_item.owner_id'])
    .where('work_item.id', '=', itemId)
    .executeTakeFirst();
  if (row === undefined) return null;
  return {
    pool: row.pool_id === null ? null : { id: row.pool_id, name: row.pool_name ?? row.pool_id },
    assignee: row.owner_type === 'person' ? row.owner_id : null,
  };
}
