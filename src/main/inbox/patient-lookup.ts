import { sql } from 'kysely';
import type { RawBuilder } from 'kysely';
import type { NameReading, PatientQuery } from './patient-query';

/** Above every code point a key can hold: `key < prefix + TOP` bounds the keys starting with `prefix`. */
const TOP = '\u{10FFFF}';

const startsWith = (column: 'family_key' | 'given_key', prefix: string) =>
  sql`(patient.${sql.raw(column)} >= ${prefix} AND patient.${sql.raw(column)} < ${prefix + TOP})`;

function readingCondition(reading: NameReading): RawBuilder<unknown> {
  const parts = [
    ...(reading.family === undefined ? [] : [startsWith('family_key', reading.family)]),
    ...(reading.given === undefined ? [] : [startsWith('given_key', reading.given)]),
  ];
  return parts.length === 0 ? sql`0` : sql.join(parts, sql` AND `);
}

/**
 * `(SELECT id FROM patient WHERE …)`: the ids of the patients a lookup names, each form a range
 * or an equality on one of migration 11's indexes (a name reading on `patient_by_family` or
 * `patient_by_given`, a date of birth on `patient_by_birth_date`, a DoD ID on `patient_by_dod_id`).
 */
export function matchingPatients(query: PatientQuery): RawBuilder<unknown> {
  switch (query.kind) {
    case 'dod-id':
      return sql`(SELECT patient.id FROM patient WHERE patient.dod_id = ${query.dodId})`;
    case 'dob':
      return sql`(SELECT patient.id FROM patient WHERE patient.birth_date = ${query.birthDate})`;
    case 'name':
      return sql`(SELECT patient.id FROM patient WHERE ${sql.join(
        query.readings.map((r) => sql`(${readingCondition(r)})`),
        sql` OR `,
      )})`;
  }
}

/** What of a found patient matched the lookup, in words for the patient's heading. */
export function matchedBy(query: PatientQuery, keys: { family_key: string | null; given_key: string | null }): string {
  if (query.kind === 'dob') return 'date of birth';
  if (query.kind === 'dod-id') return 'DoD ID';
  const matches = (key: string | null, prefix: string | undefined) =>
    prefix === undefined || (key ?? '').startsWith(prefix);
  const reading = query.readings.find((r) => matches(keys.family_key, r.family) && matches(keys.given_key, r.given));
  if (reading?.family !== undefined && reading.given !== undefined) return 'last and first name';
  return reading?.given !== undefined ? 'first name' : 'last name';
}
