import { SignInError } from './sign-in-error';

/**
 * How far the portal's clock may stand behind the desk's before a fresh sign-in looks stale. The
 * portal stamps `auth_time` with its clock and the desk notes the request with its own: two
 * computers a few seconds apart must not refuse everyone, and a minute is well inside the time it
 * takes one person to walk away from a shared workstation and another to sit down and press Sign in.
 */
export const AUTH_TIME_SKEW_MS = 60_000;

/**
 * The id token must say the person authenticated at the portal for this sign-in, not before it:
 * on a shared workstation a portal session left in the browser would otherwise sign the next
 * person in as the previous one without a password (the desk asks with `prompt=login` and
 * `max_age=0`, but whoever is at the browser can take those off the address). `requestedAt` is
 * when the desk made the authorization request (epoch ms).
 */
export function checkFreshAuthentication(claims: Record<string, unknown>, requestedAt: number): void {
  const authTime = claims['auth_time'];
  if (typeof authTime !== 'number' || !Number.isFinite(authTime)) {
    throw new SignInError(
      'stale',
      'The portal did not say when you signed in (its id token has no auth_time), so Triage Desk cannot tell that it was you just now and not the previous person at this computer. Ask IT to have the portal include auth_time in its id tokens.',
    );
  }
  const authenticatedAt = authTime * 1000;
  if (authenticatedAt < requestedAt - AUTH_TIME_SKEW_MS) {
    throw new SignInError(
      'stale',
      `The portal did not confirm that you signed in just now (it reported a sign-in from ${timeOf(authenticatedAt)}), so Triage Desk refused it: on a shared computer that may be the previous person's sign-in. Close every browser window, then sign in again.`,
    );
  }
}

/** The portal's sign-in time in words: the clock time on the day, with the date when it was not today. */
function timeOf(epochMs: number): string {
  const at = new Date(epochMs);
  const sameDay = at.toDateString() === new Date().toDateString();
  const time = at.toLocaleTimeString('en-US', { hour: '2-digit', minute: '2-digit', hour12: false });
  return sameDay ? time : `${at.toLocaleDateString('en-US', { month: 'short', day: 'numeric' })} ${time}`;
}
