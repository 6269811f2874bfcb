import type { Observation } from '@medplum/fhirtypes';
import type { Kysely } from 'kysely';
import { reportSeverity } from '../../domain/results/flags';
import type { DB } from '../db/schema';
import type { ResultSeverity } from '../../shared/results';

/**
 * How far from normal each report is (its worst value), for a page of the results queue: one query
 * for the page's values, judged by the same rules as the result screen.
 */
export async function severitiesOf(db: Kysely<DB>, reportIds: readonly string[]): Promise<Map<string, ResultSeverity>> {
  if (reportIds.length === 0) return new Map();
  // Two reads, not a join: joined, SQLite's planner would walk every stored Observation instead.
  const links = await db
    .selectFrom('report_result')
    .select(['report_id', 'observation_id'])
    .where('report_id', 'in', reportIds)
    .execute();
  const stored =
    links.length === 0
      ? []
      : await db
          .selectFrom('fhir_resource')
          .select(['id', 'json'])
          .where('resource_type', '=', 'Observation')
          .where(
            'id',
            'in',
            links.map((l) => l.observation_id),
          )
          .execute();
  const byId = new Map(stored.map((r) => [r.id, JSON.parse(r.json) as Observation]));
  const rows = links.flatMap((l) => {
    const value = byId.get(l.observation_id);
    return value === undefined ? [] : [{ report_id: l.report_id, value }];
  });
  const valuesBy = new Map<string, Observation[]>(reportIds.map((id) => [id, []]));
  for (const row of rows) valuesBy.get(row.report_id)?.push(row.value);
  return new Map([...valuesBy].map(([id, values]) => [id, reportSeverity(values)]));
}
