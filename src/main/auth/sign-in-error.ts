/**
 * Why a sign-in or refresh failed, for the session to decide (show, retry, sign in again); the
 * message is a sentence for clinic staff or IT. Never carries a token, a code or a verifier.
 */
export type SignInProblem =
  /** The portal's SMART or OpenID description is missing, wrong, unreachable, or not secure enough. */
  | 'portal'
  /** The system browser could not be opened. */
  | 'browser'
  | 'cancelled'
  /** Nobody finished signing in in the browser in time. */
  | 'timeout'
  /** The browser came back with another sign-in's state: possibly forged, never redeemed. */
  | 'state'
  /** The portal refused (wrong user, cancelled at the portal, scope refused). */
  | 'denied'
  /** The token endpoint refused the code or the refresh token (expired, reused, revoked). */
  | 'token'
  /** The tokens do not say which Practitioner signed in. */
  | 'identity'
  /** The portal did not ask who is at the browser for this sign-in (no or an old `auth_time`). */
  | 'stale';

export class SignInError extends Error {
  override name = 'SignInError';
  constructor(
    readonly problem: SignInProblem,
    message: string,
  ) {
    super(message);
  }
}
