import type { Observation, Task } from '@medplum/fhirtypes';
import type { Kysely } from 'kysely';
import { observationSeverity, reportSeverity } from '../../domain/results/flags';
import type { DerivationConfig } from '../cache/derivation-config';
import type { DB } from '../db/schema';
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

/**
 * Releases, one by one, the listed results whose every value is normal now: each is its own
 * decision (its own outbox row, audit row and portal transaction), so one that cannot go leaves
 * the others alone. Normal is judged again here from the cache, not taken from the page, and
 * anything else (abnormal, critical, a value without a range) needs the provider's own look.
 */
export async function releaseNormalResults(
  db: Kysely<DB>,
  ids: readonly string[],
  ctx: BatchReleaseContext,
): Promise<BatchRelease> {
  const outcome: BatchRelease = { released: [], skipped: [] };
  for (const id of new Set(ids)) {
    const skip = (reason: string) => outcome.skipped.push({ id, reason });
    const candidate = await batchCandidate(db, id, 'result-release', 'Not a result awaiting release.');
    if (!candidate.ok) {
      skip(candidate.reason);
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
