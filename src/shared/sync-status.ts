import type { QueueCounts } from './outbox-view';

/**
 * What the renderer is told about the sync with the portal. Times are ISO instants from this
 * machine's clock: they say when *this desk* last heard from the portal, which is what staff need
 * to judge how fresh the inbox is.
 */
export interface SyncStatus {
  running: boolean;
  /** No pass has ever completed into this cache: the inbox is still filling from the portal. */
  firstLoad: boolean;
  /** From real request outcomes: unknown until the first pass answers. */
  connection: 'unknown' | 'online' | 'offline';
  offlineSince: string | null;
  lastSuccessAt: string | null;
  progress: SyncProgressView | null;
  /** The last pass failed: what happened, and what a person can do about it. */
  problem: SyncProblem | null;
  /** Resources kept aside because the cache could not hold them (see the diagnostics view). */
  quarantined: number;
  /** Staff decisions not yet confirmed by the portal. */
  queue: QueueCounts;
}

export interface SyncProgressView {
  /** e.g. "Work items"; one step per resource type. */
  label: string;
  step: number;
  steps: number;
  phase: 'search' | 'deletes';
  done: number;
  /** The server's count for this step, when it gives one. */
  total: number | null;
}

export interface SyncProblem {
  message: string;
  action: string;
}

export interface SyncRunView {
  id: number;
  startedAt: string;
  finishedAt: string;
  outcome: 'ok' | 'failed' | 'cancelled';
  created: number;
  updated: number;
  deleted: number;
  quarantined: number;
  pages: number;
  problem: string | null;
}

export interface QuarantineEntry {
  id: number;
  feed: string;
  resourceType: string | null;
  resourceId: string | null;
  versionId: string | null;
  reason: string;
  quarantinedAt: string;
  /**
   * The raw JSON as received, shortened for display; null for anyone but the clinic's supervisors
   * (a quarantined resource may be any pool's patient data, and its pool cannot be told).
   */
  excerpt: string | null;
}

export interface FeedView {
  feed: string;
  watermark: string | null;
  historyWatermark: string | null;
  limitation: string | null;
}

export interface Diagnostics {
  portalUrl: string | null;
  /** How staff changes are written to this portal (what it offers decides); null before the first pass. */
  portalWrites: string | null;
  /**
   * The clinic's settings files (clinic-policy.json, triage-rules.json) that could not be used,
   * each line naming the file and field; their built-in defaults are in force meanwhile.
   */
  configProblems: string[];
  feeds: FeedView[];
  quarantine: QuarantineEntry[];
  quarantineTotal: number;
  runs: SyncRunView[];
}
