import type { Observation, Task } from '@medplum/fhirtypes';
import type { Kysely } from 'kysely';
import { observationSeverity, reportSeverity } from '../../domain/results/flags';
import type { DerivationConfig } from '../cache/derivation-config';
import type { DB, WorkItemRow } from '../db/schema';
import { unfilledPlaceholderProblem } from '../../shared/quick-texts';
import { batchCandidate } from '../outbox/batch-candidate';
import { ActionRejectedError, recordAction } from '../outbox/record-action';
import type { BatchRelease } from '../../shared/results';
import { loadResult, ReleaseNotPossibleError } from './result-labels';

export interface BatchReleaseContext {
  /** `Practitioner/…` of the provider releasing. */
  actor: string;
  /** The same plain-language comment to each patient; none when absent. */
  comment?: string;
  derivation?: DerivationConfig;
}

export const ON_HOLD_NOT_IN_BATCH =
  'On hold: a provider held it for a documented reason. A batch never releases a held result; open it to decide.';

/**
 * What keeps a result out of a batch before its values are read: a provider's hold (their
 * documented decision, which only a decision on that result undoes), and another person's claim
 * (theirs to release: a batch takes only the caller's team's unclaimed results and their own).
 */
async function notForBatch(db: Kysely<DB>, row: WorkItemRow, actor: string): Promise<string | null> {
  if (row.status === 'on-hold') return ON_HOLD_NOT_IN_BATCH;
  if (row.owner_type === 'person' && row.owner_id !== null && `Practitioner/${row.owner_id}` !== actor) {
    const owner = await db
      .selectFrom('practitioner')
      .select('display_name')
      .where('id', '=', row.owner_id)
      .executeTakeFirst();
    const name = owner?.display_name ?? row.owner_display ?? 'someone else';
    return `Claimed by ${name}: theirs to release. A batch never releases another person's result; open it to decide.`;
  }
  return null;
}

/**
 * Releases, one by one, the listed results whose every value is normal now: each is its own
 * decision (its own outbox row, audit row and portal transaction), so one that cannot go leaves
 * the others alone. Normal is judged again here from the cache, not taken from the page, and
 * anything else (abnormal, critical, a value without a range) needs the provider's own look; so
 * does a result on hold or claimed by someone else. Those are skipped item by item, each with its
 * reason, and nothing of theirs is written (the portal keeps them as they are); the rest of the
 * batch goes. A comment with a `{placeholder}` refuses the whole batch (it would reach everyone).
 */
export async function releaseNormalResults(
  db: Kysely<DB>,
  ids: readonly string[],
  ctx: BatchReleaseContext,
): Promise<BatchRelease> {
  const outcome: BatchRelease = { released: [], skipped: [] };
  // One comment to every patient: a placeholder left in it refuses the whole batch, once.
  const gap = ctx.comment === undefined ? null : unfilledPlaceholderProblem(ctx.comment);
  if (gap !== null) throw new ActionRejectedError(`Nothing released. ${gap}`);
  for (const id of new Set(ids)) {
    const skip = (reason: string) => outcome.skipped.push({ id, reason });
    const candidate = await batchCandidate(db, id, 'result-release', 'Not a result awaiting release.');
    if (!candidate.ok) {
      skip(candidate.reason);
      continue;
    }
    const notInBatch = await notForBatch(db, candidate.row, ctx.actor);
    if (notInBatch !== null) {
      skip(notInBatch);
      continue;
    }
    const stored = await db
      .selectFrom('fhir_resource')
      .select('json')
      .where('rid', '=', candidate.row.rid)
      .executeTakeFirstOrThrow();
    let observations: Observation[];
    try {
      ({ observations } = await loadResult(db, JSON.parse(stored.json) as Task));
    } catch (error) {
      if (!(error instanceof ReleaseNotPossibleError)) throw error;
      skip(error.message);
      continue;
    }
    const severity = reportSeverity(observations);
    if (severity !== 'normal') {
      const names = observations
        .filter((o) => observationSeverity(o) !== 'normal')
        .map((o) => o.code.text ?? o.code.coding?.[0]?.display ?? 'a value');
      skip(
        names.length === 0
          ? 'No values to judge: open it and read the report.'
          : `Not normal (${severity}): ${names.join(', ')}. Open it to decide.`,
      );
      continue;
    }
    try {
      const { actionId } = await recordAction(db, {
        workItemId: id,
        kind: 'release',
        payload: ctx.comment === undefined ? {} : { comment: ctx.comment },
        actor: ctx.actor,
        ...(ctx.derivation === undefined ? {} : { derivation: ctx.derivation }),
      });
      outcome.released.push({ id, actionId });
    } catch (error) {
      if (!(error instanceof ActionRejectedError)) throw error;
      skip(error.message);
    }
  }
  return outcome;
}
