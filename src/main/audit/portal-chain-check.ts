import type { AuditEvent } from '@medplum/fhirtypes';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { AUDIT_HASH_TAG_SYSTEM, AUDIT_ROW_SYSTEM, auditEventOf, chainOf, sameAuditEvent } from './audit-event';
import type { PortalHead } from './portal-head';

export type PortalChainCheck =
  | {
      ok: true;
      /** The log's row the portal's newest record is; null where the portal holds none of the person's. */
      headRow: number | null;
      /** Rows after it: not sent yet (or not this person's). */
      after: number;
    }
  | { ok: false; problem: string };

/**
 * Whether this log reaches the chain's head as the portal holds it. Run after the chain itself was
 * verified intact (verifyAuditChain): each row's hash then covers every row before it, so finding
 * the portal's newest record here, unchanged, vouches for the whole log up to it. Nothing is taken
 * from the desk's own note of what it sent (`audit_push`): a log cut short together with that note,
 * or wiped with it, would otherwise check clean. The note can only add a failure, never a pass.
 *
 * One log per person and portal is assumed, which is the app's layout (a cache per user). The same
 * person working at two workstations leaves two chains at the portal; the words say so.
 */
export async function checkAgainstPortalHead(
  db: Kysely<DB>,
  head: PortalHead,
  practitioner: string,
): Promise<PortalChainCheck> {
  const fail = (problem: string): PortalChainCheck => ({ ok: false, problem });
  const cursor = await db.selectFrom('audit_push').select('pushed_through').where('id', '=', 1).executeTakeFirst();
  const claimedSent = cursor?.pushed_through ?? 0;

  if (head.newest.length === 0) {
    const sentOfTheirs = await countRows(db, practitioner, { through: claimedSent });
    if (sentOfTheirs > 0) {
      return fail(
        `The portal holds no audit record of ${practitioner}, though this log says ${sentOfTheirs} of theirs reached it: the portal lost them, or this log belongs to another portal or another person.`,
      );
    }
    return { ok: true, headRow: null, after: await countRows(db, null, { after: 0 }) };
  }

  let headRow = 0;
  for (const event of head.newest) {
    const hash = hashOf(event);
    const row =
      hash === null
        ? undefined
        : await db.selectFrom('audit_log').selectAll().where('hash', '=', hash).executeTakeFirst();
    if (row === undefined) return fail(missingWords(event, head.storedAt, practitioner));
    if (!sameAuditEvent(event, auditEventOf(row))) {
      return fail(
        `Row ${row.audit_id} differs from the portal's copy (AuditEvent/${event.id ?? hash ?? '?'}): the log was edited after the portal received it.`,
      );
    }
    headRow = Math.max(headRow, row.audit_id);
  }

  const oursUpToHead = await countRows(db, practitioner, { through: headRow });
  if (head.total !== null && head.total > oursUpToHead) {
    return fail(
      `The portal holds ${head.total} audit records of ${practitioner}, but this log has only ${oursUpToHead} up to the portal's newest (row ${headRow}): records the portal holds were cut out of this log (and the log went on from there), or the portal stored some twice, or ${practitioner} also used Triage Desk on another workstation.`,
    );
  }
  if (head.total !== null && head.total < oursUpToHead) {
    return fail(
      `This log has ${oursUpToHead} audit records of ${practitioner} up to the portal's newest (row ${headRow}), but the portal holds only ${head.total}: records were added to this log, or the portal lost some.`,
    );
  }
  // The note of what was sent may run ahead of the portal only where the portal lost records.
  const notAtPortal = await countRows(db, practitioner, { after: headRow, through: claimedSent });
  if (notAtPortal > 0) {
    return fail(
      `This log says rows up to ${claimedSent} reached the portal, but the portal's newest record of ${practitioner} is row ${headRow}: ${notAtPortal} record(s) it should hold are missing there.`,
    );
  }
  return { ok: true, headRow, after: await countRows(db, null, { after: headRow }) };
}

/** The row's hash an AuditEvent carries: in its chain details, its hash tag, or its id (the desk's own). */
function hashOf(event: AuditEvent): string | null {
  const hash =
    chainOf(event).hash ??
    event.meta?.tag?.find((tag) => tag.system === AUDIT_HASH_TAG_SYSTEM)?.code ??
    event.id ??
    null;
  return hash !== null && /^[0-9a-f]{64}$/.test(hash) ? hash : null;
}

function missingWords(event: AuditEvent, storedAt: string | null, practitioner: string): string {
  const row = (event.entity ?? []).find((entity) => entity.what?.identifier?.system === AUDIT_ROW_SYSTEM)?.what
    ?.identifier?.value;
  const which = [`AuditEvent/${event.id ?? '?'}`, row === undefined ? null : `row ${row} of the log that sent it`]
    .concat(storedAt === null ? [] : [`stored ${storedAt}`])
    .filter((part): part is string => part !== null)
    .join(', ');
  return (
    `The portal's newest audit record of ${practitioner} (${which}) is not in this log: the log was cut short, ` +
    `wiped or replaced after the portal received it. (Had ${practitioner} also used Triage Desk on another ` +
    `workstation, that desk's log may have sent it: check that one too.)`
  );
}

/** Rows in (after, through], of one actor or of everyone. */
async function countRows(
  db: Kysely<DB>,
  actor: string | null,
  range: { after?: number; through?: number },
): Promise<number> {
  let query = db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n'));
  if (actor !== null) query = query.where('actor', '=', actor);
  if (range.after !== undefined) query = query.where('audit_id', '>', range.after);
  if (range.through !== undefined) query = query.where('audit_id', '<=', range.through);
  return Number((await query.executeTakeFirstOrThrow()).n);
}
