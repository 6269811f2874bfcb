import { sql } from 'kysely';
import type { Migration, UntypedKysely } from './migration';

/**
 * What a renewal's readiness card reads beside the prescription: the pharmacy's fills
 * (MedicationDispense), for "last filled", and each observation's LOINC code, for "the patient's
 * latest potassium / A1c / lipids / blood pressure" by index instead of by name.
 *
 * Observations already cached get their code (and a blood pressure its "128/82" text) from their
 * stored JSON here: a sync rewrites only what changed on the portal, so without the backfill an
 * old lab would never count.
 */
export const renewalFacts: Migration = {
  version: 6,
  name: 'renewal-facts',
  async up(db: UntypedKysely): Promise<void> {
    const statements = [
      sql`CREATE TABLE medication_dispense (
        id TEXT PRIMARY KEY,
        rid INTEGER NOT NULL UNIQUE REFERENCES fhir_resource (rid) ON DELETE CASCADE,
        patient_id TEXT,
        prescription_id TEXT,
        handed_over_at INTEGER,
        quantity REAL
      ) STRICT`,
      sql`CREATE INDEX medication_dispense_by_prescription ON medication_dispense (prescription_id, handed_over_at)`,
      sql`ALTER TABLE observation ADD COLUMN code TEXT`,
      // The first LOINC coding, as the projection reads it.
      sql`UPDATE observation SET code = (
        SELECT json_extract(coding.value, '$.code')
        FROM fhir_resource, json_each(fhir_resource.json, '$.code.coding') AS coding
        WHERE fhir_resource.rid = observation.rid
          AND json_extract(coding.value, '$.system') = 'http://loinc.org'
          AND json_extract(coding.value, '$.code') IS NOT NULL
        ORDER BY coding.key
        LIMIT 1
      )`,
      // A blood pressure panel had no value to show: "128/82 mm[Hg]" from its components, as the
      // projection now writes it.
      sql`UPDATE observation SET value_text = (
        SELECT json_extract(sys.value, '$.valueQuantity.value') || '/' || json_extract(dia.value, '$.valueQuantity.value')
          || coalesce(' ' || coalesce(
            json_extract(sys.value, '$.valueQuantity.code'),
            json_extract(sys.value, '$.valueQuantity.unit')
          ), '')
        FROM fhir_resource,
          json_each(fhir_resource.json, '$.component') AS sys,
          json_each(fhir_resource.json, '$.component') AS dia
        WHERE fhir_resource.rid = observation.rid
          AND json_extract(sys.value, '$.valueQuantity.value') IS NOT NULL
          AND json_extract(dia.value, '$.valueQuantity.value') IS NOT NULL
          AND EXISTS (SELECT 1 FROM json_each(sys.value, '$.code.coding') AS c
            WHERE json_extract(c.value, '$.system') = 'http://loinc.org' AND json_extract(c.value, '$.code') = '8480-6')
          AND EXISTS (SELECT 1 FROM json_each(dia.value, '$.code.coding') AS c
            WHERE json_extract(c.value, '$.system') = 'http://loinc.org' AND json_extract(c.value, '$.code') = '8462-4')
        ORDER BY sys.key, dia.key
        LIMIT 1
      ) WHERE value_text IS NULL`,
      sql`CREATE INDEX observation_by_patient_code ON observation (patient_id, code, effective_at)`,
    ];
    for (const statement of statements) await statement.execute(db);
  },
};
