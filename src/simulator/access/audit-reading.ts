import type { AuditEvent, Resource } from '@medplum/fhirtypes';
import { AUDITOR_ROLE_CODE } from '../../domain/fhir/codes';
import { FhirError } from '../errors';
import { formatReference, parseLocalReference } from '../fhir-references';
import type { SqliteDatabase } from '../store/open-store-database';
import { staffRolesOf } from './staff-roles';

/*
 * The audit trail says who opened which patient's record and when, so it is itself sensitive: a
 * staff member reads only their own AuditEvents, and an auditor (PractitionerRole code `auditor`,
 * AUDITOR_ROLE_CODE) reads everyone's. "Own" is an event naming them as an agent, or one they
 * wrote: the desk reads back each record it sent and later checks its hash chain against them
 * (main/audit/audit-push.ts, audit-compare.ts), and some of its records name "nobody signed in" in
 * words rather than a person. A read naming nobody (the simulator without sign-in, the portal's
 * own code) sees everything.
 */

/** Whose AuditEvents a reader sees: undefined for all of them (an auditor, or no one named). */
export function auditEventsLimitedTo(db: SqliteDatabase, actor: string | undefined): string | undefined {
  if (actor === undefined) return undefined;
  const roles = staffRolesOf(db, actor.slice('Practitioner/'.length));
  return roles.includes(AUDITOR_ROLE_CODE) ? undefined : actor;
}

/** Whether `actor` wrote the AuditEvent (its first version carries their name: schema.ts, migration 2). */
function wrote(db: SqliteDatabase, actor: string, id: string): boolean {
  const row = db
    .prepare(`SELECT 1 FROM resource_history WHERE type = 'AuditEvent' AND id = ? AND version_id = 1 AND actor = ?`)
    .get(id, actor);
  return row !== undefined;
}

/** Read as the search index reads `agent` (index-values.ts), so a read and a search agree. */
function namesAsAgent(event: AuditEvent, actor: string): boolean {
  return (event.agent ?? []).some((agent) => {
    const who = agent.who?.reference === undefined ? undefined : parseLocalReference(agent.who.reference);
    return who !== undefined && formatReference(who) === actor;
  });
}

function owns(db: SqliteDatabase, practitioner: string, event: AuditEvent): boolean {
  return namesAsAgent(event, practitioner) || wrote(db, practitioner, event.id ?? '');
}

/** A read (read, vread, instance history) of someone else's AuditEvent: 403, saying who may. */
export function assertMayRead(db: SqliteDatabase, actor: string | undefined, resource: Resource): void {
  if (resource.resourceType !== 'AuditEvent') return;
  const limitedTo = auditEventsLimitedTo(db, actor);
  if (limitedTo === undefined || owns(db, limitedTo, resource)) return;
  throw new FhirError(
    403,
    'forbidden',
    `AuditEvent/${resource.id ?? ''} is not yours: staff read their own audit records, and an auditor reads everyone's.`,
  );
}

/**
 * Search and paging answers without other people's AuditEvents. The search itself already asks
 * for the reader's own (ownAuditEventsSql); this also covers what it cannot: an AuditEvent pulled
 * in by `_include`, and a paging link followed by someone other than the one who searched.
 */
export function withoutOthersAuditEvents<T extends { type: string; json: string }>(
  db: SqliteDatabase,
  actor: string | undefined,
  entries: readonly T[],
): T[] {
  if (!entries.some((entry) => entry.type === 'AuditEvent')) return [...entries];
  const limitedTo = auditEventsLimitedTo(db, actor);
  if (limitedTo === undefined) return [...entries];
  return entries.filter(
    (entry) => entry.type !== 'AuditEvent' || owns(db, limitedTo, JSON.parse(entry.json) as AuditEvent),
  );
}

/**
 * The same "own" as SQL on a table aliased `alias` holding AuditEvent ids: searches and
 * `_history` leave other people's records out instead of refusing the whole answer.
 */
export function ownAuditEventsSql(alias: string, actor: string): { sql: string; params: string[] } {
  return {
    sql: `(${alias}.id IN (SELECT a.id FROM search_reference a WHERE a.type = 'AuditEvent' AND a.name = 'agent' AND a.target = ?)
      OR ${alias}.id IN (SELECT w.id FROM resource_history w WHERE w.type = 'AuditEvent' AND w.actor = ? AND w.version_id = 1))`,
    params: [actor, actor],
  };
}
