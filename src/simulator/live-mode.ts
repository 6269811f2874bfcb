import { nextLiveMessage } from '../demo-clinic/live';
import type { GeneratedClinic } from '../demo-clinic/generate';
import { FhirError } from './errors';
import type { FhirStore } from './store/fhir-store';

export interface LiveModeOptions {
  store: FhirStore;
  clinic: Pick<GeneratedClinic, 'roster'>;
  /** Default 5 s: often enough to watch the inbox move during a demo. */
  intervalMs?: number;
  now?: () => Date;
  /** Told of each message written, or of a write that failed (the live mode keeps going). */
  onEvent?: (event: { kind: 'message'; taskId: string } | { kind: 'error'; error: unknown }) => void;
}

/**
 * New patient messages arriving while the demo runs. Each is written through the store's own write
 * path, so it gets versions, history and lastUpdated like any portal write, and the sync sees it.
 */
export function startLiveMode(options: LiveModeOptions): { stop(): void; tick(): string } {
  const now = options.now ?? (() => new Date());
  // Continue after the live messages of an earlier run over the same data, never reusing an id.
  let n = 1;
  while (exists(options.store, liveTaskId(n))) n++;

  const tick = (): string => {
    const message = nextLiveMessage(options.clinic, n, now());
    n++;
    options.store.transaction(() => {
      for (const resource of message.resources) options.store.create(resource, { id: resource.id });
    });
    const taskId = message.task.id ?? '';
    options.onEvent?.({ kind: 'message', taskId });
    return taskId;
  };
  const timer = setInterval(() => {
    try {
      tick();
    } catch (error) {
      options.onEvent?.({ kind: 'error', error });
    }
  }, options.intervalMs ?? 5000);
  timer.unref();
  return { stop: () => clearInterval(timer), tick };
}

const liveTaskId = (n: number): string => `task-live-${String(n).padStart(6, '0')}`;

function exists(store: FhirStore, id: string): boolean {
  try {
    store.read('Task', id);
    return true;
  } catch (error) {
    // 410: a deleted live task still used its id.
    if (error instanceof FhirError && error.status === 410) return true;
    if (error instanceof FhirError && error.status === 404) return false;
    throw error;
  }
}
