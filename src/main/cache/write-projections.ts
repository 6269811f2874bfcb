import { sql } from 'kysely';
import type { Insertable, Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { allergyRow, appointmentVisitRow, encounterVisitRow, problemRow } from './context-projections';
import type { AffectedItems } from './derive-items';
import { DEFAULT_DERIVATION } from './derivation-config';
import type { DerivationConfig } from './derivation-config';
import {
  diagnosticReportRows,
  medicationDispenseRow,
  medicationRequestRow,
  messageRow,
  observationRow,
  patientRow,
  poolRows,
  practitionerRoleRow,
  practitionerRow,
  workItemRow,
} from './projections';
import type { PoolMemberRow } from './projections';
import type { Identified } from './storable';

type ProjectionTable =
  | 'patient'
  | 'practitioner'
  | 'practitioner_role'
  | 'pool'
  | 'work_item'
  | 'message'
  | 'medication_request'
  | 'medication_dispense'
  | 'diagnostic_report'
  | 'observation'
  | 'allergy'
  | 'problem'
  | 'visit';

/** Rows gathered per table, so a page of resources costs a few multi-row statements, not one per resource. */
export class ProjectionBatch {
  private readonly rows: { [T in ProjectionTable]?: Insertable<DB[T]>[] } = {};
  private readonly poolMembers = new Map<string, PoolMemberRow[]>();
  private readonly reportResults = new Map<string, string[]>();
  private readonly workItemIds = new Set<string>();
  private readonly threadIds = new Set<string>();

  constructor(private readonly config: DerivationConfig = DEFAULT_DERIVATION) {}

  /** The items whose thread-derived columns and search rows this batch makes stale. */
  get affected(): AffectedItems {
    return { workItemIds: this.workItemIds, threadIds: this.threadIds };
  }

  add(r: Identified, rid: number): void {
    switch (r.resourceType) {
      case 'Patient':
        return this.push('patient', { ...patientRow(r), rid });
      case 'Practitioner':
        return this.push('practitioner', { ...practitionerRow(r), rid });
      case 'PractitionerRole':
        return this.push('practitioner_role', { ...practitionerRoleRow(r), rid });
      case 'CareTeam': {
        const { pool, members } = poolRows(r);
        this.poolMembers.set(pool.id, members);
        return this.push('pool', { ...pool, rid });
      }
      case 'Task':
        this.workItemIds.add(r.id);
        return this.push('work_item', { ...workItemRow(r, this.config), rid });
      case 'Communication': {
        const row = messageRow(r, this.config);
        if (row.thread_id !== null) this.threadIds.add(row.thread_id);
        return this.push('message', { ...row, rid });
      }
      case 'MedicationRequest':
        return this.push('medication_request', { ...medicationRequestRow(r), rid });
      case 'MedicationDispense':
        return this.push('medication_dispense', { ...medicationDispenseRow(r), rid });
      case 'DiagnosticReport': {
        const { report, results } = diagnosticReportRows(r);
        this.reportResults.set(report.id, results);
        return this.push('diagnostic_report', { ...report, rid });
      }
      case 'Observation':
        return this.push('observation', { ...observationRow(r), rid });
      case 'AllergyIntolerance':
        return this.push('allergy', { ...allergyRow(r), rid });
      case 'Condition':
        return this.push('problem', { ...problemRow(r), rid });
      case 'Encounter':
        return this.push('visit', { ...encounterVisitRow(r), rid });
      case 'Appointment':
        return this.push('visit', { ...appointmentVisitRow(r), rid });
      default:
        // Kept raw only (Organization, …) until a screen needs a projection.
        return;
    }
  }

  async write(trx: Kysely<DB>): Promise<void> {
    for (const table of Object.keys(this.rows) as ProjectionTable[]) await this.writeTable(trx, table);
    await replaceChildren(trx, 'pool_member', 'pool_id', this.poolMembers, (pool_id, member) => ({
      pool_id,
      practitioner_id: member.id,
      lead: member.lead ? 1 : 0,
    }));
    await replaceChildren(
      trx,
      'report_result',
      'report_id',
      this.reportResults,
      (report_id, observation_id, position) => ({
        report_id,
        observation_id,
        position,
      }),
    );
  }

  private push<T extends ProjectionTable>(table: T, row: Insertable<DB[T]>): void {
    const list: Insertable<DB[T]>[] = this.rows[table] ?? [];
    list.push(row);
    this.rows[table] = list as (typeof this.rows)[T];
  }

  private async writeTable<T extends ProjectionTable>(trx: Kysely<DB>, table: T): Promise<void> {
    const rows: Insertable<DB[T]>[] = this.rows[table] ?? [];
    // REPLACE, not upsert: every column is derived from the resource, so nothing of the old row may survive.
    for (const chunk of chunks(rows, rowsPerStatement(rows[0]))) {
      await trx.replaceInto(table).values(chunk).execute();
    }
  }
}

async function replaceChildren<T extends 'pool_member' | 'report_result', C>(
  trx: Kysely<DB>,
  table: T,
  parentColumn: 'pool_id' | 'report_id',
  children: Map<string, C[]>,
  row: (parent: string, child: C, position: number) => Insertable<DB[T]>,
): Promise<void> {
  const parents = [...children.keys()];
  for (const chunk of chunks(parents, 500)) {
    await sql`DELETE FROM ${sql.table(table)} WHERE ${sql.ref(parentColumn)} IN (${sql.join(chunk)})`.execute(trx);
  }
  const rows = [...children].flatMap(([parent, list]) => list.map((child, i) => row(parent, child, i)));
  for (const chunk of chunks(rows, 300)) await trx.insertInto(table).values(chunk).execute();
}

/** SQLite allows 32,766 bound parameters a statement; stay well under it. */
export const rowsPerStatement = (sample: object | undefined): number =>
  Math.max(1, Math.floor(8000 / Math.max(1, Object.keys(sample ?? {}).length)));

export function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
