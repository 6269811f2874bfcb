import { sql } from 'kysely';
import type { Migration, UntypedKysely } from './migration';

/**
 * Projection tables hang off `fhir_resource` by `rid` with ON DELETE CASCADE, so deleting a raw
 * resource (a sync delete) removes its projection in the same statement. References *between*
 * resources (Task → Patient) carry no foreign key: the portal does not promise to send a Task after
 * the Patient it names, and the cache must accept pages in the order they come.
 */
export const initialCache: Migration = {
  version: 1,
  name: 'initial-cache',
  async up(db: UntypedKysely): Promise<void> {
    const statements = [
      sql`CREATE TABLE fhir_resource (
        rid INTEGER PRIMARY KEY,
        resource_type TEXT NOT NULL,
        id TEXT NOT NULL,
        version_id TEXT NOT NULL,
        last_updated TEXT NOT NULL,
        last_updated_ms INTEGER NOT NULL,
        json TEXT NOT NULL CHECK (json_valid(json)),
        UNIQUE (resource_type, id)
      ) STRICT`,
      sql`CREATE INDEX fhir_resource_by_last_updated ON fhir_resource (resource_type, last_updated_ms)`,
      sql`CREATE TABLE patient (
        id TEXT PRIMARY KEY,
        rid INTEGER NOT NULL UNIQUE REFERENCES fhir_resource (rid) ON DELETE CASCADE,
        display_name TEXT NOT NULL,
        birth_date TEXT,
        gender TEXT,
        beneficiary_category TEXT,
        region TEXT
      ) STRICT`,
      sql`CREATE TABLE practitioner (
        id TEXT PRIMARY KEY,
        rid INTEGER NOT NULL UNIQUE REFERENCES fhir_resource (rid) ON DELETE CASCADE,
        display_name TEXT NOT NULL
      ) STRICT`,
      sql`CREATE TABLE practitioner_role (
        id TEXT PRIMARY KEY,
        rid INTEGER NOT NULL UNIQUE REFERENCES fhir_resource (rid) ON DELETE CASCADE,
        practitioner_id TEXT,
        role TEXT
      ) STRICT`,
      sql`CREATE INDEX practitioner_role_by_practitioner ON practitioner_role (practitioner_id)`,
      sql`CREATE TABLE pool (
        id TEXT PRIMARY KEY,
        rid INTEGER NOT NULL UNIQUE REFERENCES fhir_resource (rid) ON DELETE CASCADE,
        name TEXT NOT NULL,
        active INTEGER NOT NULL CHECK (active IN (0, 1))
      ) STRICT`,
      sql`CREATE TABLE pool_member (
        pool_id TEXT NOT NULL REFERENCES pool (id) ON DELETE CASCADE,
        practitioner_id TEXT NOT NULL,
        PRIMARY KEY (pool_id, practitioner_id)
      ) STRICT, WITHOUT ROWID`,
      sql`CREATE TABLE work_item (
        id TEXT PRIMARY KEY,
        rid INTEGER NOT NULL UNIQUE REFERENCES fhir_resource (rid) ON DELETE CASCADE,
        work_type TEXT NOT NULL,
        status TEXT NOT NULL,
        is_open INTEGER NOT NULL CHECK (is_open IN (0, 1)),
        priority TEXT NOT NULL,
        subject TEXT NOT NULL,
        description TEXT,
        patient_id TEXT,
        patient_display TEXT,
        pool_id TEXT,
        owner_type TEXT,
        owner_id TEXT,
        owner_display TEXT,
        focus_type TEXT,
        focus_id TEXT,
        received_at INTEGER NOT NULL,
        due_at INTEGER
      ) STRICT`,
      // The inbox's two hot queries: all open items by due time, and one pool's open items by due time.
      sql`CREATE INDEX work_item_open_by_due ON work_item (is_open, due_at, id)`,
      sql`CREATE INDEX work_item_pool_open_by_due ON work_item (pool_id, is_open, due_at, id)`,
      sql`CREATE TABLE message (
        id TEXT PRIMARY KEY,
        rid INTEGER NOT NULL UNIQUE REFERENCES fhir_resource (rid) ON DELETE CASCADE,
        thread_id TEXT,
        patient_id TEXT,
        sender_type TEXT,
        sender_id TEXT,
        sender_display TEXT,
        sent_at INTEGER,
        received_at INTEGER,
        topic TEXT,
        body TEXT,
        in_response_to TEXT
      ) STRICT`,
      sql`CREATE INDEX message_by_thread ON message (thread_id, sent_at)`,
      sql`CREATE TABLE medication_request (
        id TEXT PRIMARY KEY,
        rid INTEGER NOT NULL UNIQUE REFERENCES fhir_resource (rid) ON DELETE CASCADE,
        patient_id TEXT,
        status TEXT NOT NULL,
        intent TEXT NOT NULL,
        medication TEXT NOT NULL,
        dosage TEXT,
        refills_allowed INTEGER,
        quantity REAL,
        valid_until INTEGER,
        authored_at INTEGER,
        requester_id TEXT,
        requester_display TEXT,
        prior_prescription_id TEXT
      ) STRICT`,
      sql`CREATE INDEX medication_request_by_patient ON medication_request (patient_id, status)`,
      sql`CREATE TABLE diagnostic_report (
        id TEXT PRIMARY KEY,
        rid INTEGER NOT NULL UNIQUE REFERENCES fhir_resource (rid) ON DELETE CASCADE,
        patient_id TEXT,
        status TEXT NOT NULL,
        name TEXT NOT NULL,
        issued_at INTEGER,
        held INTEGER NOT NULL CHECK (held IN (0, 1)),
        conclusion TEXT
      ) STRICT`,
      sql`CREATE INDEX diagnostic_report_by_patient ON diagnostic_report (patient_id, issued_at)`,
      sql`CREATE TABLE observation (
        id TEXT PRIMARY KEY,
        rid INTEGER NOT NULL UNIQUE REFERENCES fhir_resource (rid) ON DELETE CASCADE,
        patient_id TEXT,
        name TEXT NOT NULL,
        value_text TEXT,
        flag TEXT,
        effective_at INTEGER,
        held INTEGER NOT NULL CHECK (held IN (0, 1))
      ) STRICT`,
      sql`CREATE TABLE report_result (
        report_id TEXT NOT NULL REFERENCES diagnostic_report (id) ON DELETE CASCADE,
        observation_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        PRIMARY KEY (report_id, position)
      ) STRICT, WITHOUT ROWID`,
    ];
    for (const statement of statements) await statement.execute(db);
  },
};
