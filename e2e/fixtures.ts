import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test as base } from '@playwright/test';
import type { Page } from '@playwright/test';
import { eventChannels, invokeChannels } from '../src/shared/ipc/channels';
import type { EventChannel } from '../src/shared/ipc/channels';
import type { EventPayloads } from '../src/shared/ipc/contract';
import { seedDemoClinic } from '../src/main/cache/seed-demo';
import { openDatabase } from '../src/main/db/open-database';
import type { CacheDatabase } from '../src/main/db/open-database';
import { createDispatcher } from '../src/main/ipc/dispatcher';
import { createHandlers } from '../src/main/ipc/handlers';
import { serveDirectory } from './static-server';

/** A fixed clock for the seed, so what the tests look for is the same on every run. */
export const SEED_NOW = new Date('2026-11-27T15:00:00Z');

export interface AppHarness {
  page: Page;
  cache: CacheDatabase;
  opened: string[];
  /** Pushes a main → renderer event, as main's webContents.send would. */
  emit<C extends EventChannel>(channel: C, payload: EventPayloads[C]): Promise<void>;
}

/**
 * The real main-process handlers, in this Node process, behind the real renderer in Chromium.
 * Only the Electron transport is replaced: the page's `window.triageDesk` is built from the same
 * channel table as the preload's, and every call goes through main's dispatcher (sender check,
 * zod validation, handler, SQLite).
 */
export const test = base.extend<{ app: AppHarness }>({
  app: async ({ page }, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'triage-desk-e2e-'));
    const cache = await openDatabase(join(dir, 'cache.db'));
    await seedDemoClinic(cache.db, { now: SEED_NOW });
    const server = await serveDirectory(resolve('out/renderer'));
    const opened: string[] = [];
    const dispatch = createDispatcher({
      handlers: createHandlers({
        db: cache.db,
        appInfo: () => ({
          version: 'test',
          clinicName: 'Harbor Point Branch Health Clinic',
          dataSource: 'demo',
          portalUrl: null,
        }),
        openExternal: (url) => {
          opened.push(url);
          return Promise.resolve();
        },
      }),
      trustedOrigins: [server.origin],
      onInternalError: (channel, error) => console.error(`[ipc ${channel}]`, error),
    });
    await page.exposeBinding('__triageDeskInvoke', ({ frame }, channel: string, arg: unknown) =>
      dispatch(channel, arg, { url: frame.url(), isMainFrame: frame === page.mainFrame() }),
    );
    await page.addInitScript(
      ({ invoke, events }) => {
        type Listener = (payload: unknown) => void;
        const listeners = new Map<string, Set<Listener>>();
        const w = window as unknown as Record<string, unknown> & {
          __triageDeskInvoke: (channel: string, arg: unknown) => Promise<unknown>;
        };
        const bridge: Record<string, unknown> = {};
        for (const [name, channel] of Object.entries(invoke)) {
          bridge[name] = (arg: unknown) => w.__triageDeskInvoke(channel, arg);
        }
        for (const [name, channel] of Object.entries(events)) {
          bridge[name] = (listener: Listener) => {
            const set = listeners.get(channel) ?? new Set<Listener>();
            set.add(listener);
            listeners.set(channel, set);
            return () => set.delete(listener);
          };
        }
        w['triageDesk'] = Object.freeze(bridge);
        w['__triageDeskEmit'] = (channel: string, payload: unknown) =>
          listeners.get(channel)?.forEach((l) => l(payload));
      },
      { invoke: invokeChannels, events: eventChannels },
    );
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    // The page's clock stands where the seed's did, so due times read the same on every run.
    await page.clock.setFixedTime(SEED_NOW);
    await page.goto(`${server.origin}/index.html`);
    await use({
      page,
      cache,
      opened,
      emit: async (channel, payload) => {
        await page.evaluate(
          ([c, p]) =>
            (window as unknown as { __triageDeskEmit: (c: string, p: unknown) => void }).__triageDeskEmit(c, p),
          [channel, payload] as const,
        );
      },
    });
    await cache.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
    // A CSP violation or a React error shows up here, and fails the test that caused it.
    if (problems.length > 0) throw new Error(`The page reported errors:\n${problems.join('\n')}`);
  },
});

export { expect } from '@playwright/test';
