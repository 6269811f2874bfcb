import type { TriageDeskApi } from '../../../shared/ipc/contract';
import type { Result } from '../../../shared/ipc/result';

declare global {
  interface Window {
    triageDesk?: TriageDeskApi;
  }
}

/** The bridge the preload (or the browser tests' harness) put on the page. */
export function api(): TriageDeskApi {
  const bridge = window.triageDesk;
  if (bridge === undefined) throw new Error('Triage Desk bridge is missing: this page must run inside the app.');
  return bridge;
}

/** Unwraps a Result for code paths that show failures through an error boundary or state. */
export async function unwrap<T>(pending: Promise<Result<T>>): Promise<T> {
  const result = await pending;
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}
