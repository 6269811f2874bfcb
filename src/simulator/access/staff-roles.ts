import type { PractitionerRole } from '@medplum/fhirtypes';
import { STAFF_ROLE_SYSTEM } from '../../domain/fhir/codes';
import type { SqliteDatabase } from '../store/open-store-database';

/**
 * The staff-role codes (STAFF_ROLE_SYSTEM) of a practitioner's active PractitionerRoles, read from
 * the roster as it is now: the write rules, the AuditEvent reading rule and the token grants all
 * judge by it, so a role taken off the roster stops counting at the next request (and, for the
 * token, at the next refresh).
 */
export function staffRolesOf(db: SqliteDatabase, practitionerId: string): string[] {
  const rows = db
    .prepare(
      `SELECT r.json FROM resource_current r
       WHERE r.type = 'PractitionerRole' AND r.deleted = 0 AND r.id IN (
         SELECT id FROM search_reference WHERE type = 'PractitionerRole' AND name = 'practitioner' AND target = ?)`,
    )
    .all(`Practitioner/${practitionerId}`) as { json: string }[];
  return rows
    .map((r) => JSON.parse(r.json) as PractitionerRole)
    .filter((role) => role.active !== false)
    .flatMap((role) => role.code ?? [])
    .flatMap((c) => c.coding ?? [])
    .filter((coding) => coding.system === STAFF_ROLE_SYSTEM && coding.code !== undefined)
    .map((coding) => coding.code ?? '');
}
