import type { DiagnosticReport, Observation, Resource, Task } from '@medplum/fhirtypes';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import type { ActionPayload } from '../../shared/staff-actions';

type Labels = NonNullable<ActionPayload<'release'>['labels']>;

/** A release the desk cannot write, in words the provider can act on. */
export class ReleaseNotPossibleError extends Error {
  override name = 'ReleaseNotPossibleError';
}

/** The report a result item is about and its values, as the cache holds them. */
export async function loadResult(
  db: Kysely<DB>,
  task: Task,
): Promise<{ report: DiagnosticReport & { id: string }; observations: (Observation & { id: string })[] }> {
  const id = /^DiagnosticReport\/(.+)$/.exec(task.focus?.reference ?? '')?.[1];
  if (id === undefined) throw new ReleaseNotPossibleError('This item is not about a result.');
  const stored = await db
    .selectFrom('fhir_resource')
    .select('json')
    .where('resource_type', '=', 'DiagnosticReport')
    .where('id', '=', id)
    .executeTakeFirst();
  if (stored === undefined) {
    throw new ReleaseNotPossibleError('The result is not in the local cache yet: sync, then try again.');
  }
  const report = JSON.parse(stored.json) as DiagnosticReport & { id: string };
  const resultIds = (report.result ?? [])
    .map((r) => /^Observation\/(.+)$/.exec(r.reference ?? '')?.[1])
    .filter((r): r is string => r !== undefined);
  const rows =
    resultIds.length === 0
      ? []
      : await db
          .selectFrom('fhir_resource')
          .select('json')
          .where('resource_type', '=', 'Observation')
          .where('id', 'in', resultIds)
          .execute();
  if (rows.length < resultIds.length) {
    throw new ReleaseNotPossibleError(
      "Some of the result's values are not in the local cache yet: sync, then try again.",
    );
  }
  return { report, observations: rows.map((r) => JSON.parse(r.json) as Observation & { id: string }) };
}

/**
 * The security labels of the report a release is about and of each of its results, as the cache
 * holds them: the release takes the hold label off exactly these, and only if the portal's copies
 * still carry what was seen here.
 */
export function releaseLabelsOf(result: Awaited<ReturnType<typeof loadResult>>): Labels {
  const labelled = (resource: Resource & { id: string }) => ({
    type: resource.resourceType as 'DiagnosticReport' | 'Observation',
    id: resource.id,
    security: (resource.meta?.security ?? []).map((s) => ({
      ...(s.system === undefined ? {} : { system: s.system }),
      ...(s.code === undefined ? {} : { code: s.code }),
    })),
  });
  return [labelled(result.report), ...result.observations.map(labelled)];
}
