import type { Observation, Task } from '@medplum/fhirtypes';
import type { Kysely } from 'kysely';
import { observationSeverity, reportSeverity } from '../../domain/results/flags';
import { DEFAULT_DERIVATION } from '../cache/derivation-config';
import type { DerivationConfig } from '../cache/derivation-config';
import type { DB } from '../db/schema';
import type { loadResult } from './result-labels';

/**
 * For a critical result nobody has been asked to call about yet: the urgent call item's pool and
 * reason. The pool is the one the clinic's triage rules send emergencies to (its nursing team),
 * else the result's own pool. Null when the result is not critical or a call item exists already
 * (a hold, then a release, asks once).
 */
export async function criticalCallFor(
  db: Kysely<DB>,
  task: Task,
  result: Awaited<ReturnType<typeof loadResult>>,
  derivation: DerivationConfig = DEFAULT_DERIVATION,
): Promise<{ pool: string; reason: string } | null> {
  if (reportSeverity(result.observations) !== 'critical') return null;
  const asked = await db
    .selectFrom('work_item')
    .select('id')
    .where('work_type', '=', 'patient-call')
    .where('focus_type', '=', 'DiagnosticReport')
    .where('focus_id', '=', result.report.id)
    .limit(1)
    .executeTakeFirst();
  if (asked !== undefined) return null;
  const nursing = await db
    .selectFrom('pool')
    .select('id')
    .where('name', '=', derivation.rules.emergencyPool)
    .where('active', '=', 1)
    .executeTakeFirst();
  const own = await db
    .selectFrom('work_item')
    .select('pool_id')
    .where('id', '=', task.id ?? '')
    .executeTakeFirst();
  const poolId = nursing?.id ?? own?.pool_id ?? null;
  if (poolId === null) return null;
  const values = result.observations.filter((o) => observationSeverity(o) === 'critical').map(valueText);
  const name = result.report.code.text ?? result.report.code.coding?.[0]?.display ?? 'Result';
  return {
    pool: `CareTeam/${poolId}`,
    reason: `Critical result (${name}): ${values.join('; ')}. Call the patient today and document the call.`,
  };
}

function valueText(o: Observation): string {
  const name = o.code.text ?? o.code.coding?.[0]?.display ?? 'value';
  const q = o.valueQuantity;
  return q?.value === undefined ? name : `${name} ${q.value}${q.unit === undefined ? '' : ` ${q.unit}`}`;
}
