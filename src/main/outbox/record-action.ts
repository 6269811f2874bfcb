import { randomUUID } from 'node:crypto';
import type { Identifier, Resource, Task } from '@medplum/fhirtypes';
import type { Kysely } from 'kysely';
import { parseAction } from '../../shared/staff-actions';
import type { ActionPayload, StaffAction } from '../../shared/staff-actions';
import { renewedPrescriptionFor, RenewalNotPossibleError } from '../renewals/renewed-prescription';
import { criticalCallFor } from '../results/critical-call';
import { loadResult, releaseLabelsOf, ReleaseNotPossibleError } from '../results/result-labels';
import { applyAction } from '../../domain/outbox/apply-action';
import { clientUuidOf } from '../../domain/outbox/client-keys';
import type { DerivationConfig } from '../cache/derivation-config';
import { appendAudit, patientIdOf } from '../audit/audit-chain';
import { DEFAULT_CLINIC_POLICY } from '../../domain/business-hours/clinic-policy';
import { storeResources } from '../cache/store-resources';
import type { DB } from '../db/schema';
import { ActionRejectedError, checkAllowed } from './action-guards';
import { PENDING_STATES } from './pending';

export interface RecordActionInput {
  workItemId: string;
  kind: string;
  payload: unknown;
  /** `Practitioner/…` of the person acting. */
  actor: string;
  now?: Date;
  uuid?: string;
  /** The clinic's rules and policy the local copy is derived with (the built-in defaults when absent). */
  derivation?: DerivationConfig;
}

export { ActionRejectedError };

/**
 * A version the portal never issued: the local copy with decisions not yet confirmed. Each local
 * write gets its own (the cache skips a version it already holds).
 */
export const localVersion = (serverVersion: string, uuid: string): string => `${serverVersion}+local-${uuid}`;
export const serverVersionOf = (versionId: string): string => versionId.split('+local-')[0] ?? versionId;

/** Local ids for what an action creates, until the portal's own id comes back. */
export const localIdFor = (uuid: string): string => `local-${uuid}`;

/**
 * A staff decision, recorded: the local copy changed (so the inbox shows it at once), the outbox
 * row and the audit row, in one transaction. With `synchronous = FULL` the commit is on disk when
 * this resolves, which is when the UI may say "saved".
 */
export async function recordAction(
  db: Kysely<DB>,
  input: RecordActionInput,
): Promise<{ uuid: string; actionId: number }> {
  const { kind, payload } = parseAction(input.kind, input.payload);
  const now = input.now ?? new Date();
  let action: StaffAction = {
    kind,
    payload,
    uuid: input.uuid ?? randomUUID(),
    actor: input.actor,
    at: now.toISOString(),
  };

  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('fhir_resource')
      .select(['version_id', 'json'])
      .where('resource_type', '=', 'Task')
      .where('id', '=', input.workItemId)
      .executeTakeFirst();
    if (row === undefined) throw new ActionRejectedError(`Work item ${input.workItemId} is not in the local cache.`);
    const local = JSON.parse(row.json) as Task & { id: string };
    await checkAllowed(trx, local, action, input.derivation?.policy ?? DEFAULT_CLINIC_POLICY);
    if (action.kind === 'renew') {
      // The drug and the pharmacy come from the cache, never from the page.
      const prescription = await renewedPrescriptionFor(trx, local).catch((error: unknown) => {
        throw error instanceof RenewalNotPossibleError ? new ActionRejectedError(error.message) : error;
      });
      action = { ...action, payload: { ...(action.payload as ActionPayload<'renew'>), prescription } };
    }
    if (action.kind === 'release' || action.kind === 'hold') {
      const result = await loadResult(trx, local).catch((error: unknown) => {
        throw error instanceof ReleaseNotPossibleError ? new ActionRejectedError(error.message) : error;
      });
      const callPatient = await criticalCallFor(trx, local, result, input.derivation);
      // What the release takes the hold label off, and whether a call is asked for, as this desk
      // judged them, never as the page says: a page's own callPatient would make an urgent call
      // item for a normal result.
      const labels = action.kind === 'release' ? { labels: releaseLabelsOf(result) } : {};
      const decided: Partial<ActionPayload<'release' | 'hold'>> = {
        ...(action.payload as ActionPayload<'release' | 'hold'>),
      };
      delete decided.callPatient;
      action = {
        ...action,
        payload: { ...decided, ...labels, ...(callPatient === null ? {} : { callPatient }) },
      };
    }

    // The portal's version this decision builds on: the one before any still-unconfirmed action
    // (their results are not known yet; the pusher moves the base forward as each one lands).
    const earlier = await trx
      .selectFrom('outbox_action')
      .select(['base_version', 'base_json'])
      .where('work_item_id', '=', input.workItemId)
      .where('state', 'in', PENDING_STATES)
      .orderBy('action_id')
      .limit(1)
      .executeTakeFirst();
    const base = earlier ?? { base_version: serverVersionOf(row.version_id), base_json: row.json };

    let applied;
    try {
      applied = applyAction(local, action);
    } catch (error) {
      throw new ActionRejectedError(error instanceof Error ? error.message : String(error));
    }
    const localTask = localCopy(applied.task, applied.creates, localVersion(base.base_version, action.uuid));
    await storeResources(trx, [localTask, ...placeholdersOf(action, applied.creates)], {
      derivation: input.derivation,
    });

    const inserted = await trx
      .insertInto('outbox_action')
      .values({
        client_uuid: action.uuid,
        work_item_id: input.workItemId,
        kind,
        payload: JSON.stringify(action.payload),
        actor: action.actor,
        decided_at: action.at,
        base_version: base.base_version,
        base_json: base.base_json,
        state: 'queued',
        updated_at: now.getTime(),
      })
      .returning('action_id')
      .executeTakeFirstOrThrow();
    await appendAudit(trx, {
      at: now.getTime(),
      actor: action.actor,
      event: `action.${kind}`,
      workItemId: input.workItemId,
      patientId: patientIdOf(local),
      clientUuid: action.uuid,
      outcome: 'success',
      detail: JSON.stringify(action.payload),
    });
    return { uuid: action.uuid, actionId: inserted.action_id };
  });
}

/** What an action creates, as the cache shows it until the portal confirms it: under local ids. */
export function placeholdersOf(action: StaffAction, creates: readonly { resource: Resource }[]): Resource[] {
  return creates.map(({ resource }) => ({
    ...resource,
    id: localIdFor(action.uuid),
    meta: { versionId: localVersion('0', action.uuid), lastUpdated: action.at },
  }));
}

/** The local Task: references to what the action created point at the local placeholders. */
function localCopy(task: Task, creates: readonly { fullUrl: string; resource: Resource }[], versionId: string): Task {
  return { ...pointAtPlaceholders(task, creates), meta: { ...task.meta, versionId } };
}

/**
 * The Task's outputs naming what an action creates (`urn:uuid:…` until the portal assigns ids)
 * point at the local placeholders instead, so the copy's references resolve in the cache.
 */
export function pointAtPlaceholders(task: Task, creates: readonly { fullUrl: string; resource: Resource }[]): Task {
  const local = new Map(creates.map((c) => [c.fullUrl, `${c.resource.resourceType}/${placeholderId(c)}`]));
  if (task.output === undefined) return task;
  return {
    ...task,
    output: task.output.map((o) => {
      const ref = o.valueReference?.reference;
      const placeholder = ref === undefined ? undefined : local.get(ref);
      return placeholder === undefined ? o : { ...o, valueReference: { reference: placeholder } };
    }),
  };
}

/** The local id of what an action created: from its client identifier (the action's UUID). */
function placeholderId(create: { fullUrl: string; resource: Resource }): string {
  const identifiers = (create.resource as { identifier?: Identifier[] }).identifier ?? [];
  const uuid = identifiers.map(clientUuidOf).find((found) => found !== undefined);
  return localIdFor(uuid ?? create.fullUrl.replace('urn:uuid:', ''));
}
