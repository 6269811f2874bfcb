import type { RequestListener } from 'node:http';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { generateClinic } from '../../demo-clinic/generate';
import type { GeneratedClinic } from '../../demo-clinic/generate';
import { startLiveMode } from '../../simulator/live-mode';
import type { AuthFaults } from '../../simulator/auth/auth-options';
import { startSimulator } from '../../simulator/start-simulator';
import { DEMO_SEED } from '../cache/seed-demo';
import type { RunningSimulator } from '../../simulator/start-simulator';

export interface EmbeddedPortal {
  baseUrl: string;
  clinic: GeneratedClinic;
  simulator: RunningSimulator;
  /** New patient messages arriving on their own (null when live mode is off). */
  live: { tick(): string; stop(): void } | null;
  close(): Promise<void>;
}

export interface EmbeddedPortalOptions {
  dataDir: string;
  now?: Date;
  /** A new patient message every so often, so a demo shows the inbox moving (off when absent). */
  liveIntervalMs?: number;
  /** Tests slow the portal down to watch the first load. */
  handlerWrapper?: (handler: RequestListener) => RequestListener;
  /**
   * Its authorization server signs staff in (the demo users, one demo password) and every FHIR
   * request needs their access token, as at a real portal. Off for tests that drive a desk directly.
   */
  requireSignIn?: boolean;
  /** Browser tests make its sign-in misbehave (an old auth_time) through this object, while it runs. */
  authFaults?: AuthFaults;
  /** The SQLite driver built for Electron's ABI: under Electron the store opens only with it. */
  nativeBinding?: string | undefined;
}

/**
 * The portal the app uses when none is configured: the simulator on loopback, with its own data in
 * the app's folder, seeded with the demo clinic on first start and kept from then on, so staff
 * changes made in a demo survive a restart as they would on a real portal. The app reads it only
 * through the sync, like any portal.
 */
export async function startEmbeddedPortal(options: EmbeddedPortalOptions): Promise<EmbeddedPortal> {
  mkdirSync(options.dataDir, { recursive: true });
  // About 0.1 s: cheaper than keeping a second copy of the roster the live mode draws from.
  const clinic = generateClinic({ seed: DEMO_SEED, now: options.now ?? new Date(), size: 'small' });
  const simulator = await startSimulator({
    file: join(options.dataDir, 'portal.db'),
    nativeBinding: options.nativeBinding,
    resources: clinic.resources,
    ...(options.handlerWrapper === undefined ? {} : { handlerWrapper: options.handlerWrapper }),
    ...(options.requireSignIn === true
      ? {
          auth: {
            requireAccessToken: true,
            ...(options.authFaults === undefined ? {} : { faults: options.authFaults }),
          },
        }
      : {}),
  });
  const live =
    options.liveIntervalMs === undefined
      ? null
      : startLiveMode({ store: simulator.store, clinic, intervalMs: options.liveIntervalMs });
  return {
    baseUrl: simulator.baseUrl,
    clinic,
    simulator,
    live,
    close: async () => {
      live?.stop();
      await simulator.close();
    },
  };
}
