import { sql } from 'kysely';
import type { Migration, UntypedKysely } from './migration';

/**
 * What the triage inbox derives on this desk: each patient message's triage (category, suggested
 * pool, emergency wording and why), each item's due time from the clinic's business-hours policy
 * (with the policy version that made it), the emergency acknowledgement read from the Task, pool
 * leads for escalation, a full-text index over subjects and message bodies, and the patient
 * context shown beside an item (allergies, problems, visits).
 *
 * `derived_state` names the triage rules and clinic policy the derived columns were computed
 * with; when either changes the desk recomputes them (see cache/rederive.ts), so a clinic tuning
 * its rules never leaves old verdicts on screen.
 */
export const triageInbox: Migration = {
  version: 5,
  name: 'triage-inbox',
  async up(db: UntypedKysely): Promise<void> {
    const statements = [
      sql`ALTER TABLE work_item ADD COLUMN emergency INTEGER NOT NULL DEFAULT 0 CHECK (emergency IN (0, 1))`,
      sql`ALTER TABLE work_item ADD COLUMN emergency_kind TEXT CHECK (emergency_kind IN ('medical', 'crisis'))`,
      sql`ALTER TABLE work_item ADD COLUMN emergency_ack_at INTEGER`,
      sql`ALTER TABLE work_item ADD COLUMN emergency_ack_by TEXT`,
      sql`ALTER TABLE work_item ADD COLUMN emergency_ack_how TEXT`,
      sql`ALTER TABLE work_item ADD COLUMN due_policy TEXT`,
      sql`ALTER TABLE work_item ADD COLUMN portal_due_at INTEGER`,
      sql`ALTER TABLE work_item ADD COLUMN category TEXT`,
      sql`ALTER TABLE work_item ADD COLUMN suggested_pool TEXT`,
      sql`ALTER TABLE message ADD COLUMN triage TEXT CHECK (triage IS NULL OR json_valid(triage))`,
      sql`ALTER TABLE message ADD COLUMN emergency INTEGER NOT NULL DEFAULT 0 CHECK (emergency IN (0, 1))`,
      sql`ALTER TABLE pool_member ADD COLUMN lead INTEGER NOT NULL DEFAULT 0 CHECK (lead IN (0, 1))`,
      // Emergencies first, then soonest due: the list's order is the index's order, for every view.
      sql`DROP INDEX work_item_open_by_due`,
      sql`DROP INDEX work_item_pool_open_by_due`,
      sql`CREATE INDEX work_item_open_by_urgency ON work_item (is_open, emergency DESC, due_at, id)`,
      sql`CREATE INDEX work_item_pool_by_urgency ON work_item (pool_id, is_open, emergency DESC, due_at, id)`,
      sql`CREATE INDEX work_item_owner_by_urgency ON work_item (owner_id, is_open, emergency DESC, due_at, id)`,
      sql`CREATE INDEX work_item_by_focus ON work_item (focus_type, focus_id)`,
      sql`CREATE INDEX message_by_patient ON message (patient_id, sent_at)`,
      // One row per work item (rowid = work_item.rid): its subject and every message body of its thread.
      sql`CREATE VIRTUAL TABLE item_search USING fts5(
        work_item_id UNINDEXED,
        subject,
        body,
        tokenize = 'porter unicode61 remove_diacritics 2'
      )`,
      // An FTS table takes no foreign key, so nothing would cascade to it: its rowid is the item's
      // rid, and an item's row goes when the item does, whichever of the sync's, the outbox's or a
      // tombstone's deletes removed it. (REPLACE fires no delete trigger; the writer rewrites the row.)
      sql`CREATE TRIGGER work_item_leaves_search AFTER DELETE ON work_item BEGIN
        DELETE FROM item_search WHERE rowid = old.rid;
      END`,
      sql`CREATE TABLE derived_state (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT`,
      sql`CREATE TABLE allergy (
        id TEXT PRIMARY KEY,
        rid INTEGER NOT NULL UNIQUE REFERENCES fhir_resource (rid) ON DELETE CASCADE,
        patient_id TEXT,
        substance TEXT NOT NULL,
        criticality TEXT,
        reaction TEXT,
        clinical_status TEXT
      ) STRICT`,
      sql`CREATE INDEX allergy_by_patient ON allergy (patient_id)`,
      sql`CREATE TABLE problem (
        id TEXT PRIMARY KEY,
        rid INTEGER NOT NULL UNIQUE REFERENCES fhir_resource (rid) ON DELETE CASCADE,
        patient_id TEXT,
        name TEXT NOT NULL,
        clinical_status TEXT,
        onset TEXT
      ) STRICT`,
      sql`CREATE INDEX problem_by_patient ON problem (patient_id)`,
      // Encounters (past visits) and Appointments (booked ones) in one table: "last and next visit".
      sql`CREATE TABLE visit (
        id TEXT NOT NULL,
        resource_type TEXT NOT NULL CHECK (resource_type IN ('Encounter', 'Appointment')),
        rid INTEGER NOT NULL UNIQUE REFERENCES fhir_resource (rid) ON DELETE CASCADE,
        patient_id TEXT,
        start_at INTEGER,
        status TEXT,
        description TEXT,
        clinician TEXT,
        PRIMARY KEY (resource_type, id)
      ) STRICT`,
      sql`CREATE INDEX visit_by_patient ON visit (patient_id, start_at)`,
      // Which items this desk has already raised a desktop notification for (never twice).
      sql`CREATE TABLE notified_item (
        work_item_id TEXT PRIMARY KEY,
        reason TEXT NOT NULL,
        at INTEGER NOT NULL
      ) STRICT`,
    ];
    for (const statement of statements) await statement.execute(db);
  },
};
