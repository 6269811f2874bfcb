import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { completeDemoSignIn } from '../../simulator/auth/demo-browser';
import { startTestSimulator } from '../../simulator/test-support/harness';
import type { TestSimulator } from '../../simulator/test-support/harness';
import { smallClinic } from '../../simulator/test-support/clinic-fixture';
import { auditHash, entryOf, recordAudit } from '../audit/audit-chain';
import type { AuditEntry } from '../audit/audit-chain';
import { pushAudit } from '../audit/audit-push';
import { signIn } from '../auth/smart-sign-in';
import { openDatabase } from '../db/open-database';
import type { CacheDatabase } from '../db/open-database';
import { FhirWriter } from '../outbox/fhir-writer';
import { memorySecretBox } from '../security/test-support/memory-secret-box';
import { cacheKeyFor, userCacheFiles } from '../security/user-cache';
import type { CliIo } from './cli-io';
import { TOKEN_NEEDED } from './portal-token-source';
import { runCli } from './run-cli';

/*
 * Issue 20, part B: `audit verify --portal` reads the chain's head from the portal itself (the
 * person's newest AuditEvent by the portal's own clock), with a token that never passes through
 * argv, on the encrypted cache the app keeps for each user.
 */

const NURSE = 'Practitioner/rn-harper';
let sim: TestSimulator;
let token: string;
let cache: CacheDatabase;
let cacheFile: string;
let keyHex: string;
const box = memorySecretBox();

const entry = (n: number): AuditEntry => ({
  at: Date.parse('2026-11-27T15:00:00Z') + n * 1000,
  actor: NURSE,
  event: n === 1 ? 'session.sign-in' : 'view',
  workItemId: null,
  patientId: null,
  clientUuid: null,
  outcome: 'success',
  detail: null,
});

const writer = () =>
  new FhirWriter({
    baseUrl: sim.baseUrl,
    fetch: (input, init) => {
      const headers = new Headers(init?.headers);
      headers.set('authorization', `Bearer ${token}`);
      return fetch(input, { ...init, headers });
    },
  });

/** Rows `from`..`to` recorded, then sent to the portal as the desk's sync would. */
async function recordAndPush(from: number, to: number): Promise<void> {
  for (let n = from; n <= to; n++) await recordAudit(cache.db, entry(n));
  expect(await pushAudit({ db: cache.db, writer: writer() })).toMatchObject({ pending: 0, problem: null });
}

beforeEach(async () => {
  // A portal of its own per test: each test's log is the nurse's only chain there.
  sim = await startTestSimulator({ resources: smallClinic(), auth: { requireAccessToken: true } });
  token = (
    await signIn({
      fhirBaseUrl: sim.baseUrl,
      openExternal: (url) => completeDemoSignIn(url, { username: 'rn-harper', password: 'demo' }),
    })
  ).accessToken;
  // The app's layout: the nurse's own folder, the cache encrypted, its key sealed beside it.
  const files = userCacheFiles(sim.dir, { portal: sim.baseUrl, practitionerId: 'rn-harper' });
  const { key } = cacheKeyFor(files, box);
  keyHex = key.toString('hex');
  cacheFile = files.database;
  cache = await openDatabase(cacheFile, { key });
  await recordAndPush(1, 5);
  // One more, not sent yet.
  await recordAudit(cache.db, entry(6));
});

afterEach(async () => {
  await cache.close();
  await sim.stop();
});

async function cli(args: string[], io: Partial<CliIo> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l), env: {}, ...io });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function secretFile(name: string, text: string): string {
  const file = join(sim.dir, name);
  writeFileSync(file, `${text}\n`, { mode: 0o600 });
  return file;
}

const verify = (...more: string[]) => [
  'audit',
  'verify',
  '--db',
  cacheFile,
  '--key-file',
  secretFile('cache.key', keyHex),
  '--portal',
  sim.baseUrl,
  '--token-file',
  secretFile('portal.token', token),
  ...more,
];

const sql = (statement: string, ...params: unknown[]) => cache.sqlite.prepare(statement).run(...params);
const hashOfRow = (id: number) =>
  (cache.sqlite.prepare('SELECT hash FROM audit_log WHERE audit_id = ?').get(id) as { hash: string }).hash;

describe('audit verify --portal', () => {
  it("passes on an intact log: the portal's newest record of the nurse is here, unchanged", async () => {
    const run = await cli(verify());
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^Audit chain intact: 6 rows, last hash [0-9a-f]{64}\.$/m);
    expect(run.out).toMatch(
      /Reaches the portal's copy: its newest audit record of Practitioner\/rn-harper \(stored .+\) is row 5 here, unchanged, and the portal holds 5 record\(s\) of theirs, as this log does up to it; 1 row\(s\) after it are not at the portal yet\.$/,
    );
  });

  it('fails after the log and the note of what was sent are cut back together', async () => {
    sql('DELETE FROM audit_log WHERE audit_id > 3');
    sql('UPDATE audit_push SET pushed_through = 3, pushed_hash = ? WHERE id = 1', hashOfRow(3));
    const run = await cli(verify());
    expect(run.code).toBe(1);
    // The chain that is left is intact: only the portal can tell.
    expect(run.out).toMatch(/^Audit chain intact: 3 rows/);
    expect(run.err).toMatch(
      /^Audit log does not reach the portal's copy: The portal's newest audit record of Practitioner\/rn-harper \(AuditEvent\/[0-9a-f]{64}, row 5 of the log that sent it, stored [^)]+\) is not in this log: the log was cut short, wiped or replaced after the portal received it\./,
    );
    expect(run.err).toMatch(/Keep this file as evidence and tell the security office\.$/);
  });

  it('fails when the cut log went on and sent more, so its newest record is here again', async () => {
    sql('DELETE FROM audit_log WHERE audit_id > 3');
    sql('UPDATE audit_push SET pushed_through = 3, pushed_hash = ? WHERE id = 1', hashOfRow(3));
    await recordAndPush(7, 7);
    const run = await cli(verify());
    expect(run.code).toBe(1);
    expect(run.err).toMatch(
      /The portal holds 6 audit records of Practitioner\/rn-harper, but this log has only 4 up to the portal's newest/,
    );
  });

  it("fails after the cache's log is wiped, note and all", async () => {
    sql('DELETE FROM audit_log');
    sql("UPDATE audit_push SET pushed_through = 0, pushed_hash = '' WHERE id = 1");
    const named = await cli(verify('--practitioner', 'rn-harper'));
    expect(named.code).toBe(1);
    expect(named.out).toMatch(/^Audit chain intact: 0 rows/);
    expect(named.err).toMatch(/newest audit record of Practitioner\/rn-harper .* is not in this log/);
    const unnamed = await cli(verify());
    expect(unnamed.code).toBe(1);
    expect(unnamed.err).toMatch(/^This log names nobody .* give --practitioner ID\./);
  });

  it('fails on a log rewritten with its hashes recomputed, which the local check accepts', async () => {
    sql("UPDATE audit_log SET event = 'action.reply' WHERE audit_id = 3");
    const rows = await cache.db.selectFrom('audit_log').selectAll().orderBy('audit_id').execute();
    let prev = hashOfRow(2);
    for (const row of rows.slice(2)) {
      const hash = auditHash(entryOf(row), prev);
      sql('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE audit_id = ?', prev, hash, row.audit_id);
      prev = hash;
    }
    const run = await cli(verify());
    expect(run.out).toMatch(/^Audit chain intact: 6 rows/);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/row 5 of the log that sent it.* is not in this log/);
  });

  it('refuses without a token, and takes none from the arguments', async () => {
    const args = verify().slice(0, -2);
    expect(await cli(args)).toEqual({ code: 2, out: '', err: `triage-desk: ${TOKEN_NEEDED}` });
    const inArgv = await cli([...args, '--token', token]);
    expect(inArgv.code).toBe(2);
    expect(inArgv.err).toMatch(/Unknown option '--token'/);
  });

  it('takes the token from TRIAGE_DESK_PORTAL_TOKEN, and says when the portal refuses one', async () => {
    const args = verify().slice(0, -2);
    expect((await cli(args, { env: { TRIAGE_DESK_PORTAL_TOKEN: token } })).code).toBe(0);
    const refused = await cli(args, { env: { TRIAGE_DESK_PORTAL_TOKEN: 'not-a-token-of-this-portal' } });
    expect(refused).toMatchObject({ code: 1 });
    expect(refused.err).toMatch(
      /^Could not check the log against the portal: The portal refused the access token \(HTTP 401\)/,
    );
  });

  it('signs in when asked to, as the desk does', async () => {
    const args = [...verify().slice(0, -2), '--sign-in'];
    const run = await cli(args, {
      openBrowser: (url) => completeDemoSignIn(url, { username: 'rn-harper', password: 'demo' }),
    });
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    // A wiped log is not made good by someone else signing in: whose chain is never the signer's.
    sql('DELETE FROM audit_log');
    sql("UPDATE audit_push SET pushed_through = 0, pushed_hash = '' WHERE id = 1");
    const other = await cli(args, {
      openBrowser: (url) => completeDemoSignIn(url, { username: 'pcm-reyes', password: 'demo' }),
    });
    expect(other.code).toBe(1);
    expect(other.err).toMatch(/^This log names nobody/);
  });
});

describe("opening the user's encrypted cache", () => {
  const withoutKey = () => ['audit', 'verify', '--db', cacheFile];

  it('says plainly what is needed when no key is given', async () => {
    const run = await cli(withoutKey());
    expect(run.code).toBe(1);
    expect(run.err).toBe(
      `triage-desk: ${cacheFile} is encrypted. Triage Desk keeps each user's cache encrypted under a key sealed by the operating system's keychain for the account that ran it (cache-key.sealed beside the cache). This command runs under plain Node, without the keychain: give the key as 64 hex characters in a file (--key-file FILE, readable only by you) or in TRIAGE_DESK_CACHE_KEY.`,
    );
  });

  it('opens with the key from TRIAGE_DESK_CACHE_KEY, or unsealed beside the cache by the app’s keychain', async () => {
    expect((await cli(withoutKey(), { env: { TRIAGE_DESK_CACHE_KEY: keyHex } })).code).toBe(0);
    const sealed = await cli(withoutKey(), { secretBox: box });
    expect(sealed.out).toMatch(/^Audit chain intact: 6 rows/);
    expect(sealed.code).toBe(0);
  });

  it('refuses a key that is not 64 hex characters, and one sealed for another account', async () => {
    const wrong = await cli(withoutKey(), { env: { TRIAGE_DESK_CACHE_KEY: 'abc' } });
    expect(wrong).toMatchObject({ code: 2 });
    expect(wrong.err).toMatch(/TRIAGE_DESK_CACHE_KEY must hold the cache key as 64 hex characters/);
    const elsewhere = await cli(withoutKey(), { secretBox: memorySecretBox() });
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.err).toMatch(/does not unseal with this account's keychain/);
  });
});
