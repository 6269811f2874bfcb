import type { Kysely } from 'kysely';
import type { BackoffPolicy } from '../../domain/sync/backoff';
import type { DB } from '../db/schema';
import type { FhirWriter } from './fhir-writer';

/**
 * What every pass that copies local records up to the portal takes (the outbox's staff actions,
 * the audit log's AuditEvents). Both keep their retry schedule in the cache, so the clock, the
 * jitter and the backoff policy are passed in: tests then pin them instead of waiting.
 */
export interface PortalPushOptions {
  db: Kysely<DB>;
  writer: FhirWriter;
  /** Stops the pass before its next request (and is handed to the writer for the one in flight). */
  signal?: AbortSignal;
  /** This machine's clock, for the retry schedule. */
  now?: () => number;
  /** The backoff's jitter, in [0, 1) (Math.random when absent). */
  random?: () => number;
  /** The retry delays' base and cap (DEFAULT_BACKOFF when absent). */
  backoff?: BackoffPolicy;
}
