import type { RequestListener } from 'node:http';
import { join } from 'node:path';
import type { EventChannel } from '../shared/ipc/channels';
import type { AppInfo, DeskHandlers, EventPayloads } from '../shared/ipc/contract';
import type { SyncStatus } from '../shared/sync-status';
import { ensureDerived } from './cache/rederive';
import { openDatabase } from './db/open-database';
import type { CacheDatabase } from './db/open-database';
import { clinicQuickTextSettings } from './inbox/clinic-quick-texts';
import { createHandlers } from './ipc/handlers';
import { DEFAULT_ACCESS_POLICY } from '../domain/access/access-policy';
import { DEMO_ACCESS_POLICY } from '../demo-clinic/staff';
import { raiseAlerts } from './notifications/alerts';
import type { Notifier } from './notifications/notifier';
import { startEmbeddedPortal } from './portal/embedded-portal';
import type { EmbeddedPortal } from './portal/embedded-portal';
import { demoDeskUser, deskUserById } from './session/desk-user';
import { isPrescriber } from './renewals/prescribers';
import type { DeskUser } from './session/desk-user';
import { FhirWriter } from './outbox/fhir-writer';
import type { PortalFetch } from './net/portal-fetch';
import { readClinicConfig } from './settings/clinic-config';
import { FhirClient } from './sync/fhir-client';
import { createSyncService } from './sync/sync-service';
import type { SyncService } from './sync/sync-service';
import { checkPortalUrl } from './settings/portal-url';

export interface AppCoreOptions {
  /** The app's own folder (Electron's userData): the cache file and the embedded portal's data. */
  dataDir: string;
  version: string;
  /** Null: run on the embedded demo portal. */
  portalUrl: string | null;
  clinicName: string | null;
  /** better-sqlite3 built for Electron's ABI (the tests run on Node's build). */
  nativeBinding?: string;
  openExternal: (url: string) => Promise<void>;
  /** Main → renderer events (Electron's webContents.send; the browser tests' bridge). */
  emit: <C extends EventChannel>(channel: C, payload: EventPayloads[C]) => void;
  log?: (message: string, error?: unknown) => void;
  syncIntervalMs?: number;
  /** Embedded portal only: a new demo patient message every so often. */
  liveIntervalMs?: number;
  /** Embedded portal only: the demo clinic's "now", and a wrapper tests use to slow it down. */
  demoNow?: Date;
  portalHandlerWrapper?: (handler: RequestListener) => RequestListener;
  /**
   * The Practitioner id this desk acts as (two desks as different staff on one portal); by
   * default the demo desk's first nurse, and nobody on a configured portal.
   */
  deskUserId?: string;
  /** Desktop notifications of emergencies and urgent items in the user's pools; none when absent. */
  notifier?: Notifier;
  /**
   * The signed-in user's own cache and its key (the desk session passes them). Absent: the
   * unencrypted `triage-desk-cache.db` in dataDir, which only tests and the developer CLI use.
   */
  cache?: { file: string; key: Uint8Array };
  /** The signed-in Practitioner: every view and action is theirs, and nobody can act as another. */
  deskUser?: DeskUser;
  /** An embedded portal already running (the desk session's); the core then neither starts nor closes one. */
  portal?: EmbeddedPortal;
  /** Every request to the portal goes through it (the session's adds the access token). */
  fetch?: PortalFetch;
}

export interface AppCore {
  cache: CacheDatabase;
  portal: EmbeddedPortal | null;
  sync: SyncService;
  handlers: DeskHandlers;
  appInfo(): Promise<AppInfo>;
  /** Resolves once the notifications due after the latest sync pass have been raised (tests wait on it). */
  alertsSettled(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Everything main does apart from windows: the cache, the portal (embedded or configured), the
 * background sync and the IPC handlers. Electron's shell and the browser tests both build the app
 * from this, so what the tests drive is what staff run.
 */
export async function startAppCore(options: AppCoreOptions): Promise<AppCore> {
  const log = options.log ?? ((message: string, error?: unknown) => console.error(message, error ?? ''));
  // One config for every write to the cache (the sync, the outbox, local actions) and for the item
  // view's explanations: rows derived with two would disagree with each other and with the
  // fingerprint. A bad file falls back to its default and is said, never a desk that will not start.
  const clinicConfig = await readClinicConfig(options.dataDir);
  const { derivation } = clinicConfig;
  for (const problem of clinicConfig.problems) log(`[clinic config] ${problem}`);
  const cache = await openDatabase(options.cache?.file ?? join(options.dataDir, 'triage-desk-cache.db'), {
    ...(options.nativeBinding === undefined ? {} : { nativeBinding: options.nativeBinding }),
    ...(options.cache === undefined ? {} : { key: options.cache.key }),
  });
  const ownsPortal = options.portal === undefined;
  let portal: EmbeddedPortal | null = options.portal ?? null;
  try {
    // Every caller (the shell through desk.ts, the browser tests) meets the transport policy; the
    // CLI (src/main/cli) opens no AppCore and checks its --portal itself (sync-command.ts, audit-command.ts).
    if (options.portalUrl !== null) {
      const checked = checkPortalUrl(options.portalUrl);
      if (!checked.ok) throw new Error(checked.problem);
    }
    // Before the first sync and the first request: rows derived with other rules, another policy
    // or older code are recomputed, so no stale triage verdict or due time is ever shown.
    await ensureDerived(cache.db, derivation);
    if (options.portalUrl === null && portal === null) {
      portal = await startEmbeddedPortal({
        dataDir: join(options.dataDir, 'portal-simulator'),
        nativeBinding: options.nativeBinding,
        ...(options.demoNow === undefined ? {} : { now: options.demoNow }),
        ...(options.liveIntervalMs === undefined ? {} : { liveIntervalMs: options.liveIntervalMs }),
        ...(options.portalHandlerWrapper === undefined ? {} : { handlerWrapper: options.portalHandlerWrapper }),
      });
    }
  } catch (error) {
    await cache.close();
    throw error;
  }
  const portalUrl = portal?.baseUrl ?? options.portalUrl ?? '';
  const clinicName = portal?.clinic.clinicName ?? options.clinicName ?? 'Clinic';

  const now = (): number => (options.demoNow === undefined ? Date.now() : options.demoNow.getTime());
  // Read when first needed: on a first start the roster arrives with the first sync.
  let deskUser: DeskUser | null = options.deskUser ?? null;
  const currentUser = async (): Promise<DeskUser | null> => {
    if (deskUser !== null) return deskUser;
    if (options.deskUserId !== undefined) deskUser = await deskUserById(cache.db, options.deskUserId);
    else if (portal !== null) deskUser = await demoDeskUser(cache.db);
    return deskUser;
  };

  // One check at a time, in order: a pass ending during a check queues the next one behind it.
  let alerts: Promise<void> = Promise.resolve();
  const checkAlerts = (firstLoad: boolean) => {
    const notifier = options.notifier;
    if (notifier === undefined) return;
    alerts = alerts
      .then(async () => {
        const user = await currentUser();
        await raiseAlerts(cache.db, { userId: user?.id ?? null, notifier, now: now(), firstLoad });
      })
      .catch((error: unknown) => log('[notifications] check failed', error));
  };
  // A pass has ended well when the status stops running with a new success time; whether it was
  // the first load is what the status said before that last publish.
  let previous: SyncStatus | null = null;

  const sync = await createSyncService({
    db: cache.db,
    client: new FhirClient({ baseUrl: portalUrl, ...(options.fetch === undefined ? {} : { fetch: options.fetch }) }),
    writer: new FhirWriter({ baseUrl: portalUrl, ...(options.fetch === undefined ? {} : { fetch: options.fetch }) }),
    portalUrl,
    // The embedded portal is on this machine: a short interval costs nothing and shows live messages soon.
    intervalMs: options.syncIntervalMs ?? (portal === null ? 60_000 : 5_000),
    onStatus: (status) => {
      options.emit('sync:changed', status);
      if (previous !== null && !status.running && status.lastSuccessAt !== previous.lastSuccessAt) {
        checkAlerts(previous.firstLoad);
      }
      previous = status;
    },
    onCacheChanged: () => options.emit('inbox:changed', { reason: 'synced' }),
    onPassFailed: (error) => log('[sync] pass failed', error),
    derivation,
  });
  previous = sync.status();
  checkAlerts(sync.status().firstLoad);
  const appInfo = async (): Promise<AppInfo> => ({
    version: options.version,
    clinicName,
    dataSource: portal === null ? 'portal' : 'demo',
    portalUrl,
    userName: (await currentUser())?.name ?? null,
    canPrescribe: await currentUser().then((user) => (user === null ? false : isPrescriber(cache.db, user.id))),
  });
  const quickTextSettings = clinicQuickTextSettings(options.dataDir, (message) => log(message));
  const handlers = createHandlers({
    db: cache.db,
    appInfo,
    openExternal: options.openExternal,
    sync,
    user: currentUser,
    now,
    quickTexts: () => quickTextSettings().texts,
    greeting: () => quickTextSettings().greeting,
    derivation,
    renewalProtocol: clinicConfig.renewalProtocol,
    configProblems: clinicConfig.problems,
    accessPolicy: clinicConfig.accessPolicy ?? (portal === null ? DEFAULT_ACCESS_POLICY : DEMO_ACCESS_POLICY),
    onLocalChange: () => {
      options.emit('inbox:changed', { reason: 'local-change' });
      void sync.localChange();
    },
  });

  let closing: Promise<void> | undefined;
  return {
    cache,
    portal,
    sync,
    handlers,
    appInfo,
    alertsSettled: () => alerts,
    close: () =>
      (closing ??= (async () => {
        await sync.stop();
        await alerts;
        if (ownsPortal) await portal?.close();
        await cache.close();
      })()),
  };
}
