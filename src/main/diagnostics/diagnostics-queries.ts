import type { Kysely } from 'kysely';
import type { Diagnostics } from '../../shared/sync-status';
import type { DB } from '../db/schema';

const SHOWN_QUARANTINE = 200;
const SHOWN_RUNS = 20;
const EXCERPT_CHARS = 600;

/**
 * What IT needs to see when the inbox and the portal disagree: feeds, quarantine, recent passes;
 * and the clinic settings files the desk could not use (see settings/clinic-config.ts).
 */
export async function readDiagnostics(
  db: Kysely<DB>,
  portalUrl: string | null,
  configProblems: readonly string[] = [],
  portalWrites: string | null = null,
  withExcerpts = true,
): Promise<Diagnostics> {
  const [feeds, quarantine, total, runs] = await Promise.all([
    db.selectFrom('sync_feed').selectAll().orderBy('feed').execute(),
    db.selectFrom('sync_quarantine').selectAll().orderBy('qid', 'desc').limit(SHOWN_QUARANTINE).execute(),
    db
      .selectFrom('sync_quarantine')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
    db.selectFrom('sync_run').selectAll().orderBy('run_id', 'desc').limit(SHOWN_RUNS).execute(),
  ]);
  return {
    portalUrl,
    portalWrites,
    configProblems: [...configProblems],
    feeds: feeds.map((f) => ({
      feed: f.feed,
      watermark: f.watermark,
      historyWatermark: f.history_watermark,
      limitation: f.limitation,
    })),
    quarantine: quarantine.map((q) => ({
      id: q.qid,
      feed: q.feed,
      resourceType: q.resource_type,
      resourceId: q.resource_id,
      versionId: q.version_id,
      reason: q.reason,
      quarantinedAt: new Date(q.quarantined_at).toISOString(),
      excerpt: !withExcerpts ? null : q.json.length > EXCERPT_CHARS ? `${q.json.slice(0, EXCERPT_CHARS)}…` : q.json,
    })),
    quarantineTotal: Number(total.n),
    runs: runs.map((r) => ({
      id: r.run_id,
      startedAt: new Date(r.started_at).toISOString(),
      finishedAt: new Date(r.finished_at).toISOString(),
      outcome: r.outcome,
      created: r.created,
      updated: r.updated,
      deleted: r.deleted,
      quarantined: r.quarantined,
      pages: r.pages,
      problem: r.problem,
    })),
  };
}
