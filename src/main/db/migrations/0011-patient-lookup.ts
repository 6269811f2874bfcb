import { sql } from 'kysely';
import { patientKeys } from '../../../domain/patients/patient-keys';
import type { Migration, UntypedKysely } from './migration';

const CHUNK = 1000;

/**
 * Patient lookup from the search box (inbox/patient-query.ts): a patient's name keys (family and
 * given names in lower case without accents), DoD ID and date of birth, each on an index, so
 * "Bak", "Baker, An", "Andre", "3/7/84" or a DoD ID is a range or equality read whatever the cache
 * holds; and the items by patient, so a found patient's items are read off an index too.
 *
 * The rows already cached are filled here from their stored JSON, a chunk at a time, with the
 * keys of this version of `patientKeys`; should those keys ever change, the derivation code
 * version is bumped and `ensureDerived` re-projects every Patient (rederive.ts lists them).
 */
export const patientLookup: Migration = {
  version: 11,
  name: 'patient-lookup',
  async up(db: UntypedKysely): Promise<void> {
    for (const column of ['family_key', 'given_key', 'dod_id']) {
      await sql`ALTER TABLE patient ADD COLUMN ${sql.raw(column)} TEXT`.execute(db);
    }
    let after = 0;
    for (;;) {
      const rows = await sql<{ rid: number; json: string }>`SELECT p.rid, r.json FROM patient p
        JOIN fhir_resource r ON r.rid = p.rid WHERE p.rid > ${after} ORDER BY p.rid LIMIT ${CHUNK}`.execute(db);
      if (rows.rows.length === 0) break;
      for (const row of rows.rows) {
        let keys;
        try {
          keys = patientKeys(JSON.parse(row.json) as Parameters<typeof patientKeys>[0]);
        } catch {
          continue; // A shape older code stored and cannot read: no keys, found by text only.
        }
        await sql`UPDATE patient SET family_key = ${keys.family_key}, given_key = ${keys.given_key},
          dod_id = ${keys.dod_id} WHERE rid = ${row.rid}`.execute(db);
      }
      after = rows.rows.at(-1)?.rid ?? after;
    }
    const statements = [
      sql`CREATE INDEX patient_by_family ON patient (family_key, given_key)`,
      sql`CREATE INDEX patient_by_given ON patient (given_key)`,
      sql`CREATE INDEX patient_by_birth_date ON patient (birth_date)`,
      sql`CREATE INDEX patient_by_dod_id ON patient (dod_id)`,
      sql`CREATE INDEX work_item_by_patient ON work_item (patient_id, is_open)`,
    ];
    for (const statement of statements) await statement.execute(db);
  },
};
