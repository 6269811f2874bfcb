/**
 * Who is at the desk. Every handler that reads or changes patient data answers only when the
 * state is 'signed-in'; the others show the sign-in or lock screen and hold no PHI.
 */
export type SessionPhase = 'signed-out' | 'signing-in' | 'signed-in' | 'locked';

export interface SessionState {
  phase: SessionPhase;
  /** The signed-in Practitioner's name; on the lock screen, whose session is locked. */
  userName: string | null;
  clinicName: string;
  /** The built-in demo portal (its sign-in page names the demo users) or a configured one. */
  dataSource: 'demo' | 'portal';
  /** The app locks after this long without a key press, click or scroll (DoD: 15 minutes). */
  idleLockMinutes: number;
  /** Why the last sign-in failed, in words; null otherwise. */
  problem: string | null;
  /**
   * While a sign-in waits in the browser: the portal's sign-in address, for when no browser opened
   * (the desk cannot tell; the system only says it started one) or it opened somewhere unseen.
   */
  pendingSignIn: PendingSignIn | null;
  /**
   * Changes other people made on this desk that have not reached the portal: only their own
   * sign-in can send them (each user's queue is in their own encrypted cache), so whoever is at
   * the desk is told whose they are. The signed-in user's own queue is not listed here.
   */
  unsentOfOthers: UnsentWork[];
}

export interface PendingSignIn {
  /** The portal's authorization address: safe to show, it carries no secret (PKCE keeps the verifier here). */
  address: string;
  /** Set when the system could not start a browser at all. */
  browserProblem: string | null;
}

/** One person's changes kept on this desk, counted when their cache was last closed. */
export interface UnsentWork {
  userName: string;
  /** Queued or being sent: they go out at that person's next sign-in. */
  waiting: number;
  /** Stopped for that person: a conflict or a refusal to look at. */
  needsReview: number;
}

export const DEFAULT_IDLE_LOCK_MINUTES = 15;
