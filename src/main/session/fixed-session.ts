import type { DeskHandlers, Handlers } from '../../shared/ipc/contract';
import type { SessionState } from '../../shared/session';
import { DEFAULT_IDLE_LOCK_MINUTES } from '../../shared/session';

/**
 * A desk whose user is signed in for good: the browser tests of the inbox, renewals and results,
 * and the seeded-cache fixture, drive the desk's handlers without a sign-in each time. The session
 * itself (sign-in, lock, refusals) has tests of its own.
 */
export function alwaysSignedIn(
  desk: DeskHandlers,
  who: { userName: string | null; clinicName: string; dataSource: 'demo' | 'portal'; idleLockMinutes?: number },
): Handlers {
  const state: SessionState = {
    phase: 'signed-in',
    userName: who.userName,
    clinicName: who.clinicName,
    dataSource: who.dataSource,
    idleLockMinutes: who.idleLockMinutes ?? DEFAULT_IDLE_LOCK_MINUTES,
    problem: null,
    pendingSignIn: null,
    unsentOfOthers: [],
  };
  return {
    ...desk,
    'session:get': () => state,
    'session:sign-in': () => state,
    'session:cancel-sign-in': () => state,
    'session:sign-out': () => state,
    'session:lock': () => state,
  };
}
