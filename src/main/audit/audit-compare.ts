import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import type { FhirWriter, WriteOutcome } from '../outbox/fhir-writer';
import type { Resource } from '@medplum/fhirtypes';
import { GENESIS } from './audit-chain';
import { AUDIT_HASH_TAG_SYSTEM, auditEventOf, sameAuditEvent } from './audit-event';

export type PortalComparison =
  | { ok: true; compared: number; unsent: number }
  | { ok: false; compared: number; auditId: number | null; problem: string };

/**
 * Checks this desk's audit log against the copy the portal holds (audit-push.ts): every row the
 * portal confirmed must still be here, unchanged, in the same order. The local chain check alone
 * cannot see a log rewritten from some row on with its hashes recomputed; the portal's copy,
 * addressed by the original hashes, can. Rows not yet sent are not compared (they are counted).
 */
export async function compareWithPortal(db: Kysely<DB>, writer: FhirWriter, pageSize = 500): Promise<PortalComparison> {
  const cursor = await db.selectFrom('audit_push').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
  let compared = 0;
  let prevHash = GENESIS;
  let after = 0;
  for (;;) {
    const page = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('audit_id', '>', after)
      .where('audit_id', '<=', cursor.pushed_through)
      .orderBy('audit_id')
      .limit(pageSize)
      .execute();
    for (const row of page) {
      const fail = (problem: string) => ({ ok: false as const, compared, auditId: row.audit_id, problem });
      if (row.prev_hash !== prevHash) {
        return fail(
          `Its link names AuditEvent/${row.prev_hash}, not the row before it here: rows the portal holds were deleted or inserted locally.`,
        );
      }
      const local = auditEventOf(row);
      const there = await portalCopy(writer, local.id);
      if (there.kind === 'gone') {
        return fail(
          "The portal holds no audit record with this row's hash: the row was changed (and its hash recomputed) or inserted after the portal received the log.",
        );
      }
      if (there.kind !== 'found')
        return {
          ok: false,
          compared,
          auditId: null,
          problem: `The portal could not be read: ${'reason' in there ? there.reason : 'unexpected answer'}`,
        };
      if (!sameAuditEvent(there.resource, local)) {
        return fail(
          "It differs from the portal's copy (AuditEvent/" + local.id + '): it was edited after it was sent.',
        );
      }
      compared++;
      prevHash = row.hash;
      after = row.audit_id;
    }
    if (page.length < pageSize) break;
  }
  // The last row the portal confirmed must still be the last compared: otherwise rows were cut off the end.
  if (after !== cursor.pushed_through || prevHash !== cursor.pushed_hash) {
    return {
      ok: false,
      compared,
      auditId: cursor.pushed_through,
      problem: `Row ${cursor.pushed_through} (AuditEvent/${cursor.pushed_hash}), which the portal holds, is missing or changed here: the log was cut short or rewritten.`,
    };
  }
  const unsent = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('audit_id', '>', cursor.pushed_through)
    .executeTakeFirstOrThrow();
  return { ok: true, compared, unsent: Number(unsent.n) };
}

/**
 * The portal's copy of a row: under the row's hash as id, or, where the portal gave ids of its own
 * (audit-push.ts created it by POST), the one carrying the hash tag.
 */
async function portalCopy(
  writer: FhirWriter,
  hash: string,
): Promise<{ kind: 'found'; resource: Resource } | WriteOutcome> {
  const byId = await writer.read('AuditEvent', hash);
  if (byId.kind !== 'gone') return byId;
  const tagged = await writer.findByTag('AuditEvent', { system: AUDIT_HASH_TAG_SYSTEM, code: hash });
  // A portal that cannot search by tag (it refuses the parameter) created under the hash or not at all.
  if (!Array.isArray(tagged)) return tagged.kind === 'park' ? byId : tagged;
  const [first] = tagged;
  return first === undefined ? byId : { kind: 'found', resource: first };
}
