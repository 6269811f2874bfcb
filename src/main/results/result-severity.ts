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
  const rows = await db
    .selectFrom('report_result')
    .innerJoin('fhir_resource', (join) =>
      join
        .onRef('fhir_resource.id', '=', 'report_result.observation_id')
        .on('fhir_resource.resource_type', '=', 'Observation'),
    )
    .select(['report_result.report_id', 'fhir_resource.json'])
    .where('report_result.report_id', 'in', reportIds)
    .execute();
  const valuesBy = new Map<string, Observation[]>(reportIds.map((id) => [id, []]));
  for (const row of rows) valuesBy.get(row.report_id)?.push(JSON.parse(row.json) as Observation);
  return new Map([...valuesBy].map(([id, values]) => [id, reportSeverity(values)]));
}
