import type { ActionKind } from '../../../shared/staff-actions';

/**
 * The crash test's script, shared by the test and the child process it kills: staff actions on
 * two work items with pushes in between, so that a kill can land while some actions wait on
 * unconfirmed ones and others build on synced ones. Each item gets a reply (a create: a duplicate
 * would show as a second resource) and at least one status change. Kept small on purpose: the
 * test runs it once per write point, and each run's cost grows with its length.
 */
export type CrashStep = { kind: 'push' } | { kind: ActionKind; item: number; payload: Record<string, string> };

export const CRASH_WORKLOAD: readonly CrashStep[] = [
  { kind: 'claim', item: 0, payload: {} },
  { kind: 'reply', item: 0, payload: { text: 'We have your message; a nurse will call you today. (1)' } },
  { kind: 'reply', item: 1, payload: { text: 'Please bring your medication list. (2)' } },
  { kind: 'push' },
  { kind: 'note', item: 0, payload: { text: 'Left voicemail. (4)' } },
  { kind: 'priority', item: 1, payload: { priority: 'asap' } },
  { kind: 'push' },
  { kind: 'reply', item: 0, payload: { text: 'Appointment booked for Tuesday 08:00. (7)' } },
  { kind: 'done', item: 0, payload: {} },
  { kind: 'push' },
];

export const CRASH_ITEM_COUNT = 2;

/**
 * Recorded by a restarted app before it pushes (when the test asks for it): a decision made while
 * an earlier one may be waiting on a lost answer. Item 1 is never closed by the script.
 */
export const RESTART_STEP_INDEX = 100;
export const RESTART_STEP = { kind: 'note', item: 1, payload: { text: 'Noted after the restart. (100)' } } as const;

/** A fixed client UUID per step, so the test knows what to look for at the portal. */
export const stepUuid = (step: number): string => `00000000-0000-4000-8000-${String(step).padStart(12, '0')}`;

export interface CrashChildConfig {
  cacheFile: string;
  portal: string;
  /** `Practitioner/…` acting. */
  actor: string;
  /** Work item ids, indexed by `CrashStep.item`. */
  items: string[];
  /** `work`: the script (records and pushes); `restart`: what a restarted app does (sync, then push). */
  mode: 'work' | 'restart';
  /** The write point (1-based, counted before and after each commit and request) to die at; 0: none. */
  killAt: number;
  concurrency: number;
  syncFirst: boolean;
  /** Restart mode: record `RESTART_STEP` before syncing and pushing. */
  recordOnRestart: boolean;
}

/** Lines the child writes to stdout (synchronously, so they are out before a kill). */
export const CHILD_LINE = { step: 'STEP ', kill: 'KILL ', done: 'DONE ' } as const;
