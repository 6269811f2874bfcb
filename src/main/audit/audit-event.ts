import { isDeepStrictEqual } from 'node:util';
import type { AuditEvent, AuditEventEntity, Coding, Resource } from '@medplum/fhirtypes';
import type { Selectable } from 'kysely';
import type { AuditLogTable } from '../db/schema';
import { SESSION_EVENT_PREFIX, SIGN_IN_EVENT } from './session-audit';

/** One stored audit row, as the push reads it. */
export type AuditRow = Selectable<AuditLogTable>;

const BASE = 'http://triage-desk.local/fhir';
/** AuditEvent.subtype: the desk's own event name (`view`, `action.reply`, `outbox.retry`, …). */
export const AUDIT_EVENT_SUBTYPE_SYSTEM = `${BASE}/CodeSystem/audit-event`;
/** The chain entity's identifier: the row's sequence number in this desk's audit log. */
export const AUDIT_ROW_SYSTEM = `${BASE}/NamingSystem/audit-row`;
/**
 * A tag carrying the row's hash (meta.tag, code = hash): R4 AuditEvent has no identifier, and `_tag`
 * is a search every resource has, so a portal that assigns its own ids still finds the record.
 */
export const AUDIT_HASH_TAG_SYSTEM = `${BASE}/CodeSystem/audit-row-hash`;

const DICOM = 'http://dicom.nema.org/resources/ontology/DCM';
const EVENT_TYPE = 'http://terminology.hl7.org/CodeSystem/audit-event-type';
const ENTITY_TYPE = 'http://terminology.hl7.org/CodeSystem/audit-entity-type';
const OBJECT_ROLE = 'http://terminology.hl7.org/CodeSystem/object-role';
const SOURCE_TYPE = 'http://terminology.hl7.org/CodeSystem/security-source-type';

const PATIENT_RECORD: Coding = { system: DICOM, code: '110110', display: 'Patient Record' };
const REST_OPERATION: Coding = { system: EVENT_TYPE, code: 'rest', display: 'RESTful Operation' };
const USER_AUTHENTICATION: Coding = { system: DICOM, code: '110114', display: 'User Authentication' };
const LOGIN: Coding = { system: DICOM, code: '110122', display: 'Login' };
const LOGOUT: Coding = { system: DICOM, code: '110123', display: 'Logout' };

/** The chain entity's details: what links this record to the desk's hash chain (audit-chain.ts). */
export const CHAIN_DETAIL = { hash: 'hash', prevHash: 'prevHash' } as const;

const PRACTITIONER_REF = /^Practitioner\/[A-Za-z0-9\-.]{1,64}$/;

/** A view reads the record; a staff decision updates the item; an outbox resolution is a desk operation. */
function actionOf(event: string): AuditEvent['action'] {
  if (event === 'view') return 'R';
  if (event.startsWith('action.')) return 'U';
  return 'E';
}

/** A session's start or end is a user authentication event (DICOM), with the desk's own name for it. */
function typeOf(row: AuditRow): Pick<AuditEvent, 'type' | 'subtype'> {
  const own: Coding = { system: AUDIT_EVENT_SUBTYPE_SYSTEM, code: row.event };
  if (row.event.startsWith(SESSION_EVENT_PREFIX)) {
    return { type: USER_AUTHENTICATION, subtype: [row.event === SIGN_IN_EVENT ? LOGIN : LOGOUT, own] };
  }
  return { type: row.patient_id === null ? REST_OPERATION : PATIENT_RECORD, subtype: [own] };
}

/** 0 success; a refused decision is a minor failure (the person was told why); anything else serious. */
function outcomeOf(outcome: string): Pick<AuditEvent, 'outcome' | 'outcomeDesc'> {
  if (outcome === 'success') return { outcome: '0' };
  return { outcome: outcome.startsWith('refused:') ? '4' : '8', outcomeDesc: outcome };
}

/**
 * The portal's copy of one audit row: who (the signed-in Practitioner, or a display when nobody
 * was), what (the work item and its patient), when (the row's time, not the send's), how it ended,
 * and the row's place in the hash chain (its hash and its predecessor's). The id is the row's hash
 * where the portal keeps client ids, and its tag carries the hash where it gives its own: R4
 * AuditEvent has no identifier, and either way a resend finds the record instead of making a second.
 */
export function auditEventOf(row: AuditRow): AuditEvent & { id: string } {
  const entity: AuditEventEntity[] = [];
  if (row.work_item_id !== null) {
    entity.push({
      what: { reference: `Task/${row.work_item_id}` },
      type: { system: ENTITY_TYPE, code: '2', display: 'System Object' },
      role: { system: OBJECT_ROLE, code: '4', display: 'Domain Resource' },
    });
  }
  if (row.patient_id !== null) {
    entity.push({
      what: { reference: `Patient/${row.patient_id}` },
      type: { system: ENTITY_TYPE, code: '1', display: 'Person' },
      role: { system: OBJECT_ROLE, code: '1', display: 'Patient' },
    });
  }
  entity.push({
    what: { identifier: { system: AUDIT_ROW_SYSTEM, value: String(row.audit_id) } },
    type: { system: ENTITY_TYPE, code: '2', display: 'System Object' },
    role: { system: OBJECT_ROLE, code: '13', display: 'Security Resource' },
    name: `Triage Desk audit log row ${row.audit_id}`,
    detail: [
      { type: CHAIN_DETAIL.hash, valueString: row.hash },
      { type: CHAIN_DETAIL.prevHash, valueString: row.prev_hash },
      ...(row.client_uuid === null ? [] : [{ type: 'clientUuid', valueString: row.client_uuid }]),
      // The decision's content (or the refused attempt's): with it the record carries every field
      // the row's hash covers, so the portal's copy can be checked on its own.
      ...(row.detail === null ? [] : [{ type: 'payload', valueString: row.detail }]),
    ],
  });
  return {
    resourceType: 'AuditEvent',
    id: row.hash,
    meta: { tag: [{ system: AUDIT_HASH_TAG_SYSTEM, code: row.hash }] },
    ...typeOf(row),
    action: actionOf(row.event),
    recorded: new Date(row.at).toISOString(),
    ...outcomeOf(row.outcome),
    agent: [
      {
        who: PRACTITIONER_REF.test(row.actor)
          ? { reference: row.actor }
          : { display: row.actor === 'unidentified' ? 'Nobody signed in (unidentified)' : row.actor },
        requestor: true,
      },
    ],
    source: {
      observer: { display: 'Triage Desk workstation' },
      type: [{ system: SOURCE_TYPE, code: '4', display: 'Application Server' }],
    },
    entity,
  };
}

/** The row's hash and predecessor as an AuditEvent carries them; undefined where it does not. */
export function chainOf(event: AuditEvent): { hash?: string; prevHash?: string } {
  const details = (event.entity ?? []).flatMap((e) => e.detail ?? []);
  const value = (type: string) => details.find((d) => d.type === type)?.valueString;
  return { hash: value(CHAIN_DETAIL.hash), prevHash: value(CHAIN_DETAIL.prevHash) };
}

/**
 * Same record, whatever bookkeeping (meta, narrative) the portal added, and whatever id it gave it
 * (the hash inside the record is its identity).
 */
export function sameAuditEvent(a: Resource, b: Resource): boolean {
  const strip = ({ id: _id, meta: _meta, text: _text, ...rest }: Resource & { text?: unknown }) => rest;
  return isDeepStrictEqual(strip(a), strip(b));
}
