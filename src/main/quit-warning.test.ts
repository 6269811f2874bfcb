import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../shared/sync-status';
import { quitWarning } from './quit-warning';

const status = (waiting: number, needsReview: number): SyncStatus => ({
  running: false,
  firstLoad: false,
  connection: 'offline',
  offlineSince: '2026-11-27T15:00:00.000Z',
  lastSuccessAt: null,
  progress: null,
  problem: null,
  quarantined: 0,
  queue: { waiting, needsReview },
});

describe('quitWarning', () => {
  it('says nothing when the portal has everything', () => {
    expect(quitWarning(status(0, 0))).toBeNull();
  });

  it('counts what is waiting and what needs review, in words', () => {
    expect(quitWarning(status(1, 0))?.message).toBe('1 change has not reached the portal yet.');
    expect(quitWarning(status(3, 2))?.message).toBe(
      '3 changes have not reached the portal yet, and 2 need your review.',
    );
    expect(quitWarning(status(0, 1))?.detail).toContain('wait for you');
  });
});
