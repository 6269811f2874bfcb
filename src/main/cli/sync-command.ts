import { parseArgs } from 'node:util';
import { openDatabase } from '../db/open-database';
import { FhirClient, FhirHttpError, RetriesExhaustedError } from '../sync/fhir-client';
import { syncOnce } from '../sync/sync-engine';
import type { SyncProgress } from '../sync/sync-engine';
import { checkPortalUrl, PORTAL_URL_SETTING } from '../settings/portal-url';
import { requireDb, UsageError, wholeNumberOption } from './cli-io';
import type { CliIo } from './cli-io';

export const SYNC_USAGE = 'sync --portal URL --db FILE [--page-size N]';

/**
 * `triage-desk sync`: one sync pass without the app, for IT staff checking a portal and for
 * filling a cache file. Works against any FHIR R4 server with search; prints progress per page and
 * a summary, and exits 1 when the pass fails (what was committed page by page stays).
 */
export async function syncCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: { portal: { type: 'string' }, db: { type: 'string' }, 'page-size': { type: 'string' } },
    strict: true,
  });
  if (values.portal === undefined) throw new UsageError('--portal URL is required');
  const db = requireDb(values.db);
  const checked = checkPortalUrl(values.portal);
  if (!checked.ok) throw new UsageError(checked.problem.replace(`The ${PORTAL_URL_SETTING} setting`, '--portal'));
  const portal = new URL(checked.url);
  const pageSize = wholeNumberOption('page-size', values['page-size'], 1, 1000) ?? 200;

  const cache = await openDatabase(db);
  const stop = new AbortController();
  const abort = () => stop.abort();
  const signal = io.signal ?? stop.signal;
  if (io.signal === undefined) process.once('SIGINT', abort);
  const started = Date.now();
  let last = '';
  const onProgress = (p: SyncProgress) => {
    const line = `${p.feed} ${p.phase === 'deletes' ? 'history checked for deletions' : 'changes'}: ${p.done}${p.total === undefined ? '' : ` of ${p.total}`}`;
    if (line !== last) io.out(line);
    last = line;
  };
  try {
    const summary = await syncOnce({
      db: cache.db,
      client: new FhirClient({ baseUrl: portal.href.replace(/\/$/, '') }),
      signal,
      onProgress,
      pageSize,
    });
    for (const limitation of summary.limitations) io.out(`note: ${limitation}`);
    io.out(
      `Synced ${portal.href} into ${db} in ${Date.now() - started} ms: ${summary.created} created, ` +
        `${summary.updated} updated, ${summary.deleted} deleted, ${summary.quarantined} quarantined ` +
        `(${summary.unchanged} unchanged, ${summary.pages} pages).`,
    );
    return 0;
  } catch (error) {
    if (signal.aborted) {
      io.err('triage-desk: sync stopped; pages already committed are kept, the next pass resumes.');
      return 1;
    }
    if (error instanceof FhirHttpError || error instanceof RetriesExhaustedError) {
      io.err(`triage-desk: sync failed: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    process.off('SIGINT', abort);
    await cache.close();
  }
}
