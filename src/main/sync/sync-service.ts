import type { Insertable, Kysely } from 'kysely';
import type { SyncProgressView, SyncStatus } from '../../shared/sync-status';
import { auditCreateFor, pushAudit } from '../audit/audit-push';
import type { AuditCreate } from '../audit/audit-push';
import type { DerivationConfig } from '../cache/derivation-config';
import type { DB } from '../db/schema';
import type { FhirWriter } from '../outbox/fhir-writer';
import { taskWriteFor } from '../outbox/action-transaction';
import type { TaskWrite } from '../outbox/action-transaction';
import { pushOutbox } from '../outbox/pusher';
import { queueCounts } from '../outbox/queue-queries';
import type { FhirClient } from './fhir-client';
import { describeSyncFailure } from './sync-failure';
import { SYNC_FEEDS, syncOnce } from './sync-engine';
import type { SyncProgress, SyncSummary } from './sync-engine';

export interface SyncServiceOptions {
  db: Kysely<DB>;
  client: FhirClient;
  /** Sends the outbox at the start of each pass, so the pull that follows reads the portal after it. */
  writer?: FhirWriter;
  portalUrl: string;
  /** Between the end of one pass and the start of the next (default 60 s). */
  intervalMs?: number;
  /** Sooner while offline or failing, so the desk notices the portal is back (default 15 s). */
  retryMs?: number;
  pageSize?: number;
  /** This machine's clock: for "last synced" and "offline since", never for the watermark. */
  now?: () => Date;
  onStatus?: (status: SyncStatus) => void;
  /**
   * Told when the cache's inbox content may have changed: after committed pages during the first
   * load (so the inbox fills while it loads; at most once per `firstLoadNotifyMs`, default 500),
   * and after any pass that changed something.
   */
  onCacheChanged?: () => void;
  firstLoadNotifyMs?: number;
  /** At most one progress status per this many ms (default 200): enough for a progress bar. */
  progressEveryMs?: number;
  onPassFailed?: (error: unknown) => void;
  /**
   * The clinic's triage rules and business-hours policy, for what the pull stores and for the local
   * copies the push rebuilds (the built-in defaults when absent).
   */
  derivation?: DerivationConfig;
}

const WRITE_MODE_WORDS: Record<TaskWrite, string> = {
  patch: 'Item changes go as JSON Patch, each guarded by tests of the version it was decided on (If-Match as well).',
  put: 'Item changes go as whole Tasks by PUT with If-Match: the portal does not take PATCH, so only its If-Match guards against overwriting a newer version.',
  refuse:
    "Item changes are not sent: the portal offers neither PATCH nor an update checked against the version (versioned-update), so a change could overwrite a colleague's unseen.",
};

const AUDIT_CREATE_WORDS: Record<AuditCreate, string> = {
  put: 'Audit records are created under their hash as id, after asking whether the portal holds one.',
  'conditional-post':
    'Audit records are posted only if none carries their hash tag (If-None-Exist), after asking the portal.',
  post: 'Audit records are posted plainly (the portal offers neither update-as-create nor a conditional create), each looked for by its hash tag first; where the portal cannot search tags, an answer lost at the wrong moment can leave a second copy.',
};

export interface SyncService {
  status(): SyncStatus;
  /** How staff changes are written to this portal, in words for the diagnostics; null until a pass has asked it. */
  writeMode(): string | null;
  /** Starts the first pass now and then one every interval. */
  start(): Promise<void>;
  /**
   * A pass on demand. If one is running, one more follows it (so the caller gets data from after
   * the request) and its promise is shared: never two passes at once.
   */
  syncNow(): Promise<SyncStatus>;
  /** Cancels the running pass (committed pages stay) and the timer; resolves when all is quiet. */
  stop(): Promise<void>;
  /** A staff action or resolution was recorded: count the queue again and send it soon. */
  localChange(): Promise<void>;
}

const FEED_LABELS: Record<string, string> = {
  Task: 'Work items',
  Patient: 'Patients',
  Practitioner: 'Staff',
  PractitionerRole: 'Staff roles',
  CareTeam: 'Pools',
  Communication: 'Messages',
  MedicationRequest: 'Prescriptions',
  MedicationDispense: 'Pharmacy fills',
  DiagnosticReport: 'Results',
  Observation: 'Result values',
};

const KEPT_RUNS = 200;

/**
 * Background sync for the app: one pass at a time, on an interval and on demand, with a status
 * the renderer shows (progress, last success, offline since, an actionable problem). Connection
 * state comes from how passes actually end, not from the OS's idea of the network.
 */
export async function createSyncService(options: SyncServiceOptions): Promise<SyncService> {
  const { db } = options;
  const now = options.now ?? (() => new Date());
  const intervalMs = options.intervalMs ?? 60_000;
  const retryMs = Math.min(options.retryMs ?? 15_000, intervalMs);
  const notifyMs = options.firstLoadNotifyMs ?? 500;
  let lastNotified = -Infinity;
  const progressMs = options.progressEveryMs ?? 200;
  let lastProgress = -Infinity;

  const lastOk = await db
    .selectFrom('sync_run')
    .select('finished_at')
    .where('outcome', '=', 'ok')
    .orderBy('run_id', 'desc')
    .limit(1)
    .executeTakeFirst();
  let status: SyncStatus = {
    running: false,
    firstLoad: lastOk === undefined,
    connection: 'unknown',
    offlineSince: null,
    lastSuccessAt: lastOk === undefined ? null : new Date(lastOk.finished_at).toISOString(),
    progress: null,
    problem: null,
    quarantined: await countQuarantined(db),
    queue: await queueCounts(db),
  };
  const publish = (change: Partial<SyncStatus>) => {
    status = { ...status, ...change };
    options.onStatus?.(status);
  };

  let running: Promise<SyncStatus> | null = null;
  let queued: Promise<SyncStatus> | null = null;
  let controller: AbortController | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  let writeMode: string | null = null;
  // Why the portal refused a Task's JSON Patch as unsupported, once it has (kept for the app's run).
  let patchRefused: string | null = null;

  const schedule = (delay: number) => {
    if (timer !== null) clearTimeout(timer);
    timer = stopped ? null : setTimeout(() => void syncNow(), delay);
  };

  const runPass = async (): Promise<SyncStatus> => {
    const passController = new AbortController();
    controller = passController;
    const startedAt = now();
    publish({ running: true, progress: null });
    let summary: SyncSummary | null = null;
    let failure: unknown = null;
    // Actions the portal confirmed, refused or found in conflict: their items' rows changed
    // (synced state, the portal's version) even when the pull that follows finds nothing new.
    let settled = 0;
    let auditProblem: string | null = null;
    try {
      if (options.writer !== undefined) {
        // What the portal offers decides how a change is written; read once, then kept.
        const capabilities = (await options.client.knownCapabilities(controller.signal)).types;
        const create = auditCreateFor(capabilities.get('AuditEvent'));
        const writer = options.writer;
        const push = async () => {
          const taskWrite = taskWriteFor(capabilities.get('Task'), patchRefused !== null);
          writeMode = [
            WRITE_MODE_WORDS[taskWrite],
            patchRefused === null ? null : `(The portal refused a JSON Patch of a Task: ${patchRefused}.)`,
            AUDIT_CREATE_WORDS[create],
          ]
            .filter((words) => words !== null)
            .join(' ');
          return pushOutbox({
            db,
            writer,
            signal: passController.signal,
            derivation: options.derivation,
            taskWrite,
            onPatchUnsupported: (reason) => (patchRefused ??= reason),
          });
        };
        const refusedBefore = patchRefused;
        const pushes = [await push()];
        // Refused now: what was put back goes again at once, the other way.
        if (patchRefused !== refusedBefore) pushes.push(await push());
        settled = pushes.reduce((n, pushed) => n + pushed.synced + pushed.parked + pushed.conflicts, 0);
        publish({ queue: await queueCounts(db) });
        // Never fails the pass: a record not sent now is sent by a later one; why it waits shows
        // in this run's problem in the diagnostics view.
        try {
          auditProblem = (await pushAudit({ db, writer: options.writer, signal: controller.signal, create })).problem;
        } catch (error) {
          if (controller.signal.aborted) throw error;
          auditProblem = `Audit records could not be sent to the portal: ${error instanceof Error ? error.message : String(error)}`;
        }
      }
      summary = await syncOnce({
        db,
        client: options.client,
        signal: controller.signal,
        pageSize: options.pageSize,
        derivation: options.derivation,
        onProgress: (p) => {
          // Every page reports progress, dozens a second on a fast portal: the renderer needs a
          // few a second, and each publish crosses the process boundary and redraws the window.
          if (performance.now() - lastProgress >= progressMs) {
            lastProgress = performance.now();
            publish({ progress: progressView(p) });
          }
          // Rows show names from the later feeds (patients, pools) too, so every page counts; the
          // pass's own end always notifies, so skipping some here loses nothing.
          if (status.firstLoad && p.phase === 'search' && performance.now() - lastNotified >= notifyMs) {
            lastNotified = performance.now();
            options.onCacheChanged?.();
          }
        },
      });
    } catch (error) {
      failure = error;
    }
    const cancelled = controller.signal.aborted;
    controller = null;
    const finishedAt = now();
    const outcome = summary !== null ? 'ok' : cancelled ? 'cancelled' : 'failed';
    const described = failure === null || cancelled ? null : describeSyncFailure(failure, options.portalUrl);
    await recordRun(db, {
      started_at: startedAt.getTime(),
      finished_at: finishedAt.getTime(),
      outcome,
      created: summary?.created ?? 0,
      updated: summary?.updated ?? 0,
      deleted: summary?.deleted ?? 0,
      quarantined: summary?.quarantined ?? 0,
      pages: summary?.pages ?? 0,
      problem: described?.problem.message ?? auditProblem,
    }).catch((error: unknown) => options.onPassFailed?.(error));
    if (failure !== null && !cancelled) options.onPassFailed?.(failure);

    const changed = settled > 0 || (summary !== null && summary.created + summary.updated + summary.deleted > 0);
    if (summary !== null) {
      publish({
        running: false,
        progress: null,
        firstLoad: false,
        connection: 'online',
        offlineSince: null,
        lastSuccessAt: finishedAt.toISOString(),
        problem: null,
        quarantined: await countQuarantined(db),
        queue: await queueCounts(db),
      });
    } else if (described !== null) {
      publish({
        running: false,
        progress: null,
        connection: described.offline ? 'offline' : 'online',
        offlineSince: described.offline ? (status.offlineSince ?? startedAt.toISOString()) : null,
        problem: described.problem,
      });
    } else {
      publish({ running: false, progress: null });
    }
    if (changed) options.onCacheChanged?.();
    return status;
  };

  const syncNow = (): Promise<SyncStatus> => {
    if (stopped) return Promise.resolve(status);
    if (running !== null) {
      queued ??= running.then(() => {
        queued = null;
        return syncNow();
      });
      return queued;
    }
    if (timer !== null) clearTimeout(timer);
    const pass = runPass().finally(() => {
      running = null;
      if (queued === null) schedule(status.problem === null ? intervalMs : retryMs);
    });
    running = pass;
    return pass;
  };

  return {
    localChange: async () => {
      publish({ queue: await queueCounts(db) });
      void syncNow();
    },
    status: () => status,
    writeMode: () => writeMode,
    start: async () => {
      await syncNow();
    },
    syncNow,
    stop: async () => {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      controller?.abort(new Error('Triage Desk is closing'));
      await running?.catch(() => undefined);
    },
  };
}

function progressView(p: SyncProgress): SyncProgressView {
  const index = SYNC_FEEDS.indexOf(p.feed as (typeof SYNC_FEEDS)[number]);
  return {
    label:
      p.phase === 'deletes'
        ? `Checking for removed ${(FEED_LABELS[p.feed] ?? p.feed).toLowerCase()}`
        : (FEED_LABELS[p.feed] ?? p.feed),
    step: index < 0 ? 1 : index + 1,
    steps: SYNC_FEEDS.length,
    phase: p.phase,
    done: p.done,
    total: p.total ?? null,
  };
}

async function countQuarantined(db: Kysely<DB>): Promise<number> {
  const row = await db
    .selectFrom('sync_quarantine')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function recordRun(db: Kysely<DB>, run: Insertable<DB['sync_run']>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const inserted = await trx.insertInto('sync_run').values(run).returning('run_id').executeTakeFirstOrThrow();
    await trx
      .deleteFrom('sync_run')
      .where('run_id', '<=', inserted.run_id - KEPT_RUNS)
      .execute();
  });
}
