import type { DiagnosticReport, Resource, Task } from '@medplum/fhirtypes';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import type { ActionPayload } from '../../shared/staff-actions';

type Labels = NonNullable<ActionPayload<'release'>['labels']>;

/** A release the desk cannot write, in words the provider can act on. */
export class ReleaseNotPossibleError extends Error {
  override name = 'ReleaseNotPossibleError';
}

/**
 * The security labels of the report a release is about and of each of its results, as the cache
 * holds them: the release takes the hold label off exactly these, and only if the portal's copies
 * still carry what was seen here.
 */
export async function releaseLabelsFor(db: Kysely<DB>, task: Task): Promise<Labels> {
  const id = /^DiagnosticReport\/(.+)$/.exec(task.focus?.reference ?? '')?.[1];
  if (id === undefined) throw new ReleaseNotPossibleError('This item is not about a result.');
  const report = await db
    .selectFrom('fhir_resource')
    .select('json')
    .where('resource_type', '=', 'DiagnosticReport')
    .where('id', '=', id)
    .executeTakeFirst();
  if (report === undefined) {
    throw new ReleaseNotPossibleError('The result is not in the local cache yet: sync, then try again.');
  }
  const parsed = JSON.parse(report.json) as DiagnosticReport & { id: string };
  const resultIds = (parsed.result ?? [])
    .map((r) => /^Observation\/(.+)$/.exec(r.reference ?? '')?.[1])
    .filter((r): r is string => r !== undefined);
  const observations =
    resultIds.length === 0
      ? []
      : await db
          .selectFrom('fhir_resource')
          .select('json')
          .where('resource_type', '=', 'Observation')
          .where('id', 'in', resultIds)
          .execute();
  if (observations.length < resultIds.length) {
    throw new ReleaseNotPossibleError(
      "Some of the result's values are not in the local cache yet: sync, then try again.",
    );
  }
  const labelled = (resource: Resource & { id?: string }) => ({
    type: resource.resourceType as 'DiagnosticReport' | 'Observation',
    id: resource.id ?? '',
    security: (resource.meta?.security ?? []).map((s) => ({
      ...(s.system === undefined ? {} : { system: s.system }),
      ...(s.code === undefined ? {} : { code: s.code }),
    })),
  });
  return [labelled(parsed), ...observations.map((o) => labelled(JSON.parse(o.json) as Resource))];
}
