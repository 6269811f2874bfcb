import { timingSafeEqual } from 'node:crypto';
import { formatHumanName } from '@medplum/core';
import type { Practitioner } from '@medplum/fhirtypes';
import type { SqliteDatabase } from '../store/open-store-database';

export interface DemoAccount {
  practitionerId: string;
  /** `Practitioner/{id}`: SMART's fhirUser claim, relative to the FHIR base. */
  fhirUser: string;
  name: string;
}

/**
 * The roster: a Practitioner who is live, not marked inactive, and holds at least one active
 * PractitionerRole. Read from the store at every sign-in and refresh, so removing someone's role
 * ends their access at the next refresh.
 */
export function findDemoAccount(db: SqliteDatabase, practitionerId: string): DemoAccount | undefined {
  const row = db
    .prepare(
      `SELECT p.json FROM resource_current p
       WHERE p.type = 'Practitioner' AND p.id = ? AND p.deleted = 0 AND EXISTS (
         SELECT 1 FROM search_reference s JOIN resource_current r ON r.type = s.type AND r.id = s.id
         WHERE s.type = 'PractitionerRole' AND s.name = 'practitioner' AND s.target = 'Practitioner/' || p.id
           AND r.deleted = 0 AND json_extract(r.json, '$.active') IS NOT 0)`,
    )
    .get(practitionerId) as { json: string } | undefined;
  if (row === undefined) return undefined;
  const practitioner = JSON.parse(row.json) as Practitioner;
  if (practitioner.active === false) return undefined;
  const name = formatHumanName(practitioner.name?.[0]).trim();
  return { practitionerId, fhirUser: `Practitioner/${practitionerId}`, name: name === '' ? practitionerId : name };
}

/** Everyone who may sign in, for the login page's hint (a demo clinic has a few dozen staff). */
export function listDemoAccounts(db: SqliteDatabase, limit = 50): DemoAccount[] {
  const ids = db
    .prepare(
      `SELECT DISTINCT substr(s.target, length('Practitioner/') + 1) AS id
       FROM search_reference s JOIN resource_current r ON r.type = s.type AND r.id = s.id
       WHERE s.type = 'PractitionerRole' AND s.name = 'practitioner' AND r.deleted = 0
       ORDER BY id LIMIT ?`,
    )
    .all(limit) as { id: string }[];
  return ids.flatMap(({ id }) => findDemoAccount(db, id) ?? []);
}

/** One answer for a wrong password and for someone not on the roster: the page does not say which. */
export function checkDemoCredentials(
  db: SqliteDatabase,
  demoPassword: string,
  username: string,
  password: string,
): DemoAccount | undefined {
  const account = findDemoAccount(db, username.trim());
  const given = Buffer.from(password, 'utf8');
  const expected = Buffer.from(demoPassword, 'utf8');
  const passwordOk = given.length === expected.length && timingSafeEqual(given, expected);
  return passwordOk ? account : undefined;
}
