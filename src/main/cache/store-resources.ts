import type { Resource } from '@medplum/fhirtypes';
import type { Insertable, Kysely } from 'kysely';
import type { DB } from '../db/schema';
import {
  diagnosticReportRows,
  medicationRequestRow,
  messageRow,
  observationRow,
  patientRow,
  poolRows,
  practitionerRoleRow,
  practitionerRow,
  workItemRow,
} from './projections';

export interface StoreCounts {
  created: number;
  updated: number;
  unchanged: number;
}

/** A resource the cache cannot hold: the sync keeps it aside with this reason instead. */
export class UnstorableResourceError extends Error {
  override name = 'UnstorableResourceError';
}

type Identified = Resource & { id: string; meta: { versionId: string; lastUpdated: string } };

function assertStorable(resource: Resource): asserts resource is Identified {
  const where = `${resource.resourceType}/${resource.id ?? '(no id)'}`;
  if (resource.id === undefined || resource.id === '') throw new UnstorableResourceError(`${where} has no id`);
  if (resource.meta?.versionId === undefined) throw new UnstorableResourceError(`${where} has no meta.versionId`);
  const lastUpdated = resource.meta.lastUpdated;
  if (lastUpdated === undefined || Number.isNaN(Date.parse(lastUpdated))) {
    throw new UnstorableResourceError(`${where} has no valid meta.lastUpdated`);
  }
}

/**
 * Writes resources into the cache: the raw JSON with its version, and the projection the inbox reads.
 * Callers run it inside their own transaction (one per sync page, one per seed), so a page is
 * stored whole or not at all. A version already held is skipped, which makes overlapping sync
 * windows harmless.
 */
export async function storeResources(trx: Kysely<DB>, resources: readonly Resource[]): Promise<StoreCounts> {
  const counts: StoreCounts = { created: 0, updated: 0, unchanged: 0 };
  for (const resource of resources) {
    assertStorable(resource);
    const existing = await trx
      .selectFrom('fhir_resource')
      .select(['rid', 'version_id'])
      .where('resource_type', '=', resource.resourceType)
      .where('id', '=', resource.id)
      .executeTakeFirst();
    if (existing?.version_id === resource.meta.versionId) {
      counts.unchanged++;
      continue;
    }
    const raw = {
      resource_type: resource.resourceType,
      id: resource.id,
      version_id: resource.meta.versionId,
      last_updated: resource.meta.lastUpdated,
      last_updated_ms: Date.parse(resource.meta.lastUpdated),
      json: JSON.stringify(resource),
    };
    let rid: number;
    if (existing === undefined) {
      const inserted = await trx.insertInto('fhir_resource').values(raw).returning('rid').executeTakeFirstOrThrow();
      rid = inserted.rid;
      counts.created++;
    } else {
      await trx.updateTable('fhir_resource').set(raw).where('rid', '=', existing.rid).execute();
      rid = existing.rid;
      counts.updated++;
    }
    await project(trx, resource, rid);
  }
  return counts;
}

async function project(trx: Kysely<DB>, r: Identified, rid: number): Promise<void> {
  switch (r.resourceType) {
    case 'Patient':
      return replace(trx, 'patient', { ...patientRow(r), rid });
    case 'Practitioner':
      return replace(trx, 'practitioner', { ...practitionerRow(r), rid });
    case 'PractitionerRole':
      return replace(trx, 'practitioner_role', { ...practitionerRoleRow(r), rid });
    case 'CareTeam': {
      const { pool, members } = poolRows(r);
      await replace(trx, 'pool', { ...pool, rid });
      await trx.deleteFrom('pool_member').where('pool_id', '=', pool.id).execute();
      if (members.length > 0) {
        await trx
          .insertInto('pool_member')
          .values(members.map((m) => ({ pool_id: pool.id, practitioner_id: m })))
          .execute();
      }
      return;
    }
    case 'Task':
      return replace(trx, 'work_item', { ...workItemRow(r), rid });
    case 'Communication':
      return replace(trx, 'message', { ...messageRow(r), rid });
    case 'MedicationRequest':
      return replace(trx, 'medication_request', { ...medicationRequestRow(r), rid });
    case 'DiagnosticReport': {
      const { report, results } = diagnosticReportRows(r);
      await replace(trx, 'diagnostic_report', { ...report, rid });
      await trx.deleteFrom('report_result').where('report_id', '=', report.id).execute();
      if (results.length > 0) {
        await trx
          .insertInto('report_result')
          .values(results.map((observation_id, position) => ({ report_id: report.id, observation_id, position })))
          .execute();
      }
      return;
    }
    case 'Observation':
      return replace(trx, 'observation', { ...observationRow(r), rid });
    default:
      // Kept raw only (Organization, AllergyIntolerance, …) until a screen needs a projection.
      return;
  }
}

type ProjectionTable =
  | 'patient'
  | 'practitioner'
  | 'practitioner_role'
  | 'pool'
  | 'work_item'
  | 'message'
  | 'medication_request'
  | 'diagnostic_report'
  | 'observation';

async function replace<T extends ProjectionTable>(trx: Kysely<DB>, table: T, row: Insertable<DB[T]>): Promise<void> {
  // REPLACE, not upsert: every column is derived from the resource, so nothing of the old row may survive.
  await trx.replaceInto(table).values(row).execute();
}
