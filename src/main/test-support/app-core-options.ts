import type { AppCoreOptions } from '../app-core';

/** The demo clinic's "now" in the core's tests: its seed and its live messages are dated from it. */
export const DEMO_NOW = new Date('2026-11-27T15:00:00Z');

/**
 * What a test desk in `dataDir` starts with: the embedded demo portal at DEMO_NOW, and nowhere for
 * links or renderer events to go. `over` is what the test is about (a cache key, a configured
 * portal, a notifier…).
 */
export function testCoreOptions(dataDir: string, over: Partial<AppCoreOptions> = {}): AppCoreOptions {
  return {
    dataDir,
    version: 'test',
    portalUrl: null,
    clinicName: null,
    openExternal: () => Promise.resolve(),
    emit: () => undefined,
    demoNow: DEMO_NOW,
    ...over,
  };
}
