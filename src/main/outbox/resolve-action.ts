import type { Task } from '@medplum/fhirtypes';
import type { Kysely } from 'kysely';
import type { DerivationConfig } from '../cache/derivation-config';
import type { DB } from '../db/schema';
import { ActionNotApplicableError, applyAction } from '../../domain/outbox/apply-action';
import { storeResources } from '../cache/store-resources';
import { staffActionOf } from './action-row';
import { deletePlaceholders } from './placeholders';
import { placeholdersOf } from './record-action';
import { rebuildLocalCopy } from './settle-action';
import { appendAudit, patientIdOf } from '../audit/audit-chain';

export type Resolution = 'retry' | 'discard' | 'apply-mine';

export class ResolutionError extends Error {
  override name = 'ResolutionError';
}

/**
 * A person's answer to an action that could not go through on its own, audited like the action:
 * `retry` a parked one as it is; `discard` it (the local copy shows the portal's version again);
 * or, for a conflict, `apply-mine` on top of the other person's version, knowingly.
 */
export async function resolveAction(
  db: Kysely<DB>,
  input: {
    actionId: number;
    resolution: Resolution;
    actor: string;
    now?: Date;
    /** What the rebuilt local copy is derived with (the built-in defaults when absent). */
    derivation?: DerivationConfig;
  },
): Promise<void> {
  const now = (input.now ?? new Date()).getTime();
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('outbox_action')
      .selectAll()
      .where('action_id', '=', input.actionId)
      .executeTakeFirst();
    if (row === undefined) throw new ResolutionError(`There is no queued action ${input.actionId}.`);
    const allowed: Record<Resolution, readonly string[]> = {
      retry: ['parked'],
      discard: ['parked', 'conflict', 'queued'],
      'apply-mine': ['conflict'],
    };
    if (!allowed[input.resolution].includes(row.state)) {
      throw new ResolutionError(`This action is ${row.state}; it cannot be given "${input.resolution}".`);
    }
    // Sent at least once without a clear answer: the portal may hold it already, and a discard here
    // would say otherwise. The pusher finds out (landed, conflict or refused); decide after that.
    if (input.resolution === 'discard' && row.state === 'queued' && row.attempts > 0) {
      throw new ResolutionError(
        'This action may already have reached the portal; it cannot be discarded until the portal answers.',
      );
    }
    if (input.resolution === 'retry') {
      await trx
        .updateTable('outbox_action')
        .set({ state: 'queued', attempts: 0, next_attempt_at: 0, refused: 0, updated_at: now })
        .where('action_id', '=', row.action_id)
        .execute();
      // A refused one was left off the item: on screen again as decided, waiting to be sent.
      if (row.refused === 1) {
        const base = JSON.parse(row.base_json) as Task;
        const action = staffActionOf(row);
        try {
          const placeholders = placeholdersOf(action, applyAction(base, action).creates);
          await storeResources(trx, placeholders, { derivation: input.derivation });
        } catch (error) {
          // No longer applicable: the pusher parks it again with the portal's words.
          if (!(error instanceof ActionNotApplicableError)) throw error;
        }
        await rebuildLocalCopy(trx, row.work_item_id, base, input.derivation);
      }
    } else if (input.resolution === 'apply-mine') {
      const theirs = JSON.parse(row.theirs_json ?? row.base_json) as Task;
      await trx
        .updateTable('outbox_action')
        .set({
          state: 'queued',
          base_version: theirs.meta?.versionId ?? row.base_version,
          base_json: JSON.stringify(theirs),
          theirs_json: null,
          conflict_fields: null,
          next_attempt_at: 0,
          updated_at: now,
        })
        .where('action_id', '=', row.action_id)
        .execute();
      await rebuildLocalCopy(trx, row.work_item_id, theirs, input.derivation);
    } else {
      await trx
        .updateTable('outbox_action')
        .set({ state: 'discarded', updated_at: now })
        .where('action_id', '=', row.action_id)
        .execute();
      await deletePlaceholders(trx, row.client_uuid);
      // The newest portal version known here; the next sync brings anything newer.
      await rebuildLocalCopy(
        trx,
        row.work_item_id,
        JSON.parse(row.theirs_json ?? row.base_json) as Task,
        input.derivation,
      );
    }
    await appendAudit(trx, {
      at: now,
      actor: input.actor,
      event: `outbox.${input.resolution}`,
      workItemId: row.work_item_id,
      patientId: patientIdOf(JSON.parse(row.base_json) as Task),
      clientUuid: row.client_uuid,
      outcome: 'success',
      detail: JSON.stringify({ kind: row.kind, state: row.state, error: row.last_error }),
    });
  });
}
