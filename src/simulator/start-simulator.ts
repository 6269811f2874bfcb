import { createServer } from 'node:http';
import type { RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Resource } from '@medplum/fhirtypes';
import type { AuthOptions } from './auth/auth-options';
import { createAuthServer } from './auth/auth-server';
import { smartSecurity } from './capability-statement';
import type { ServerContext } from './http/fhir-request';
import { createFhirListener } from './http/node-listener';
import { DEFAULT_MAX_BODY_BYTES } from './http/read-body';
import { FhirStore } from './store/fhir-store';
import { openStoreDatabase } from './store/open-store-database';

export interface SimulatorOptions {
  /** The simulator's own SQLite file (created when missing). */
  file: string;
  /** Default 127.0.0.1: the portal double is for this machine only. */
  host?: string;
  /** Default 0: an ephemeral port, read back from `baseUrl`. */
  port?: number;
  /** Loaded in one transaction when the store is empty; each keeps its own meta.lastUpdated. */
  resources?: readonly Resource[];
  /** Validate every write against FHIR R4 (default true). */
  validate?: boolean;
  /** Also validate `resources` on load (default false: about 0.2 ms a resource). */
  validateSeed?: boolean;
  /** The server's clock; lastUpdated never goes backwards whatever it says. */
  now?: () => Date;
  /** Largest request body accepted; larger ones get 413 (default 2 MiB). */
  maxBodyBytes?: number;
  /** How long a search's paging snapshot lives (default 30 minutes). */
  snapshotTtlMs?: number;
  /** Wraps the FHIR handler, e.g. with fault injection. */
  handlerWrapper?: (handler: RequestListener) => RequestListener;
  /**
   * A SMART authorization server (oidc-provider) at `{baseUrl}/auth` with the store's staff as demo
   * users, and `/.well-known/smart-configuration`; its tokens and keys live in `file` too.
   */
  auth?: AuthOptions;
  /** The SQLite driver built for Electron's ABI, when the simulator runs inside the app. */
  nativeBinding?: string | undefined;
}

export interface RunningSimulator {
  /** e.g. `http://127.0.0.1:41234`; FHIR endpoints hang directly off it (`/metadata`, `/Task`). */
  baseUrl: string;
  /** The write API shared with HTTP: versions, history, rules and side effects included. */
  store: FhirStore;
  /** How many resources the initial load wrote (0 when the file already had data). */
  seeded: number;
  /** The authorization server's issuer (`{baseUrl}/auth`), when `auth` was given. */
  authIssuer: string | null;
  close(): Promise<void>;
}

const notReadyYet: RequestListener = (_request, response) => {
  response.writeHead(503, { 'Retry-After': '1', 'Content-Type': 'text/plain; charset=utf-8' });
  response.end('The portal is starting.');
};

/** Opens the store, seeds it when empty, and serves FHIR R4 over HTTP until `close()`. */
export async function startSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const now = options.now ?? (() => new Date());
  const db = openStoreDatabase(options.file, { nativeBinding: options.nativeBinding });
  let seeded = 0;
  let store: FhirStore;
  try {
    store = new FhirStore(db, { now, validate: options.validate, snapshotTtlMs: options.snapshotTtlMs });
    if (options.resources !== undefined) {
      seeded = store.seed(options.resources, { validate: options.validateSeed === true });
    }
  } catch (error) {
    db.close();
    throw error;
  }

  let baseUrl = '';
  const context: ServerContext = { store, baseUrl: () => baseUrl, now };
  const listener = createFhirListener(context, { maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES });
  const fhir = options.handlerWrapper === undefined ? listener : options.handlerWrapper(listener);
  // The issuer names the port, known only once listening: a simulator that requires sign-in
  // answers nothing until its authorization server is up, so no request slips past the token check.
  let serve: RequestListener = options.auth === undefined ? fhir : notReadyYet;
  const server = createServer((request, response) => serve(request, response));
  const host = options.host ?? '127.0.0.1';
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    db.close();
    throw error;
  }
  const address = server.address() as AddressInfo;
  baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  let authIssuer: string | null = null;
  if (options.auth !== undefined) {
    try {
      const auth = await createAuthServer({ db, fhirBaseUrl: baseUrl, options: options.auth });
      serve = auth.listener(fhir);
      authIssuer = auth.issuer;
      const security = smartSecurity({
        authorize: auth.provider.urlFor('authorization'),
        token: auth.provider.urlFor('token'),
        revoke: auth.provider.urlFor('revocation'),
      });
      context.security = () => security;
    } catch (error) {
      server.close();
      db.close();
      throw error;
    }
  }

  let closing: Promise<void> | undefined;
  return {
    baseUrl,
    store,
    seeded,
    authIssuer,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => {
          db.close();
          if (error === undefined) resolve();
          else reject(error);
        });
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
