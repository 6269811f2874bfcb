import type { Resource, Task } from '@medplum/fhirtypes';
import type { Kysely } from 'kysely';
import { ActionNotApplicableError, applyAction } from '../../domain/outbox/apply-action';
import type { DerivationConfig } from '../cache/derivation-config';
import { storeResources } from '../cache/store-resources';
import type { DB } from '../db/schema';
import { staffActionOf } from './action-row';
import { newestServerVersion, PENDING_STATES, SENDABLE_STATES } from './pending';
import { localVersion, pointAtPlaceholders } from './record-action';
import { deletePlaceholders } from './placeholders';

interface SettledRow {
  action_id: number;
  client_uuid: string;
  work_item_id: string;
  /** The portal version the action was sent against. */
  base_version: string;
}

export interface SettleOptions {
  /** The version the action made, when the portal has moved past it since (`serverTask` otherwise). */
  landed?: Task;
  /** What the stored resources are derived with (the built-in defaults when absent). */
  derivation?: DerivationConfig;
}

/**
 * The portal confirmed an action (or was found to hold it already): in one transaction, the row
 * is marked synced, the next actions of the item build on the version it made (`landed`), and the
 * local copy becomes the newest known version (`serverTask`) with the remaining unconfirmed
 * decisions applied on top.
 */
export async function settleAction(
  db: Kysely<DB>,
  row: SettledRow,
  serverTask: Task,
  created: readonly Resource[],
  nowMs: number,
  options: SettleOptions = {},
): Promise<void> {
  const landed = options.landed ?? serverTask;
  const store = { derivation: options.derivation };
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('outbox_action')
      .set({ state: 'synced', result_version: landed.meta?.versionId ?? null, last_error: null, updated_at: nowMs })
      .where('action_id', '=', row.action_id)
      .execute();
    // Only the next actions that built on the same version as this one: the version it made holds
    // nothing they have not seen but this action. One left on an older version (it touches what
    // someone else changed in between, see the pusher's resolveConflict) must still be checked
    // against that change; moving it onto this version would let it overwrite the change unseen.
    await trx
      .updateTable('outbox_action')
      .set({ base_version: landed.meta?.versionId ?? '', base_json: JSON.stringify(landed) })
      .where('work_item_id', '=', row.work_item_id)
      .where('action_id', '>', row.action_id)
      .where('state', 'in', SENDABLE_STATES)
      .where('base_version', '=', row.base_version)
      .execute();
    await deletePlaceholders(trx, row.client_uuid);
    await storeResources(trx, created, store);
    await rebuildLocalCopy(trx, row.work_item_id, serverTask, options.derivation);
  });
}

/** The item's local copy: the portal's version, plus every decision on it not yet confirmed. */
export async function rebuildLocalCopy(
  trx: Kysely<DB>,
  workItemId: string,
  given: Task,
  derivation?: DerivationConfig,
): Promise<void> {
  const pending = await trx
    .selectFrom('outbox_action')
    .selectAll()
    .where('work_item_id', '=', workItemId)
    .where('state', 'in', PENDING_STATES)
    // Refused at the portal: it waits for a person, and the item shows what the portal holds.
    .where('refused', '=', 0)
    .orderBy('action_id')
    .execute();
  // The sync may have seen a newer portal version while the copy was held; build on the newest.
  const serverTask = await newestServerVersion(trx, { ...given, id: workItemId }, pending.length === 0);
  let local: Task = serverTask;
  for (const row of pending) {
    const action = staffActionOf(row);
    try {
      const applied = applyAction(local, action);
      // What the action creates is shown through its local placeholder until confirmed.
      local = pointAtPlaceholders(applied.task, applied.creates);
    } catch (error) {
      // A decision the portal's version no longer allows stays in the queue view; the copy shows the portal.
      if (!(error instanceof ActionNotApplicableError)) throw error;
    }
  }
  const version = serverTask.meta?.versionId ?? '0';
  const stored: Task = {
    ...local,
    meta: {
      ...serverTask.meta,
      versionId: pending.length === 0 ? version : localVersion(version, pending.at(-1)!.client_uuid),
    },
  };
  if (stored.output === undefined) delete stored.output;
  // Always rewritten: the same version label can stand for a different set of pending decisions
  // (one of them discarded), and the cache skips a label it already holds.
  await trx.deleteFrom('fhir_resource').where('resource_type', '=', 'Task').where('id', '=', workItemId).execute();
  await storeResources(trx, [stored], { derivation });
}
