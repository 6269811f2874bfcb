import type { Resource } from '@medplum/fhirtypes';
import type { Kysely } from 'kysely';
import type { DB, OutboxState } from '../db/schema';
import { chunks } from '../cache/write-projections';

/**
 * Unconfirmed states the pusher sends from: waiting their turn, or "sending" (which after a crash
 * means "may have landed", and the resend finds out).
 */
export const SENDABLE_STATES: readonly OutboxState[] = ['queued', 'sending'];

/** Unconfirmed states that wait for a person: refused in a way a retry cannot fix, or in conflict. */
export const NEEDS_REVIEW_STATES: readonly OutboxState[] = ['parked', 'conflict'];

/** States in which the local copy of an item holds a decision the portal has not confirmed. */
export const PENDING_STATES: readonly OutboxState[] = [...SENDABLE_STATES, ...NEEDS_REVIEW_STATES];

/**
 * Of these work items, the ones whose local copy carries an unconfirmed action. The sync leaves
 * those alone: writing the portal's older view over them would undo, on screen, a decision the
 * person already made; the pusher brings in the portal's version once the action lands or is discarded.
 */
export async function itemsWithPendingActions(db: Kysely<DB>, ids: readonly string[]): Promise<Set<string>> {
  const pending = new Set<string>();
  for (const chunk of chunks(ids, 500)) {
    const rows = await db
      .selectFrom('outbox_action')
      .select('work_item_id')
      .distinct()
      .where('work_item_id', 'in', chunk)
      .where('state', 'in', PENDING_STATES)
      // A refused action is not on the local copy: the portal's newer versions may come in.
      .where('refused', '=', 0)
      .execute();
    for (const row of rows) pending.add(row.work_item_id);
  }
  return pending;
}

/** Keeps the portal's version of a locally held item, unless an equal or newer one is kept already. */
export async function keepServerVersion(db: Kysely<DB>, resource: Resource & { id: string }): Promise<void> {
  const ms = Date.parse(resource.meta?.lastUpdated ?? '');
  if (Number.isNaN(ms)) return;
  await db
    .insertInto('held_server_version')
    .values({
      resource_type: resource.resourceType,
      id: resource.id,
      last_updated_ms: ms,
      json: JSON.stringify(resource),
    })
    .onConflict((oc) =>
      oc
        .columns(['resource_type', 'id'])
        .doUpdateSet((eb) => ({ last_updated_ms: eb.ref('excluded.last_updated_ms'), json: eb.ref('excluded.json') }))
        .where('held_server_version.last_updated_ms', '<', (eb) => eb.ref('excluded.last_updated_ms')),
    )
    .execute();
}

/** The newer of a version in hand and the one the sync kept aside; forgets the kept one once used. */
export async function newestServerVersion<T extends Resource & { id: string }>(
  db: Kysely<DB>,
  inHand: T,
  release: boolean,
): Promise<T> {
  const kept = await db
    .selectFrom('held_server_version')
    .select(['json', 'last_updated_ms'])
    .where('resource_type', '=', inHand.resourceType)
    .where('id', '=', inHand.id)
    .executeTakeFirst();
  if (release && kept !== undefined) {
    await db
      .deleteFrom('held_server_version')
      .where('resource_type', '=', inHand.resourceType)
      .where('id', '=', inHand.id)
      .execute();
  }
  const inHandMs = Date.parse(inHand.meta?.lastUpdated ?? '');
  return kept !== undefined && !(kept.last_updated_ms <= inHandMs) ? (JSON.parse(kept.json) as T) : inHand;
}
