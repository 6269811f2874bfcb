import { describe, expect, it } from 'vitest';
import { AUTH_TIME_SKEW_MS, checkFreshAuthentication } from './fresh-authentication';

describe('checkFreshAuthentication', () => {
  const requestedAt = Date.parse('2026-11-27T15:00:00Z');
  const seconds = (ms: number) => ms / 1000;

  it('takes an auth_time after the request, or up to the allowed skew before it', () => {
    for (const authTime of [requestedAt + 30_000, requestedAt, requestedAt - AUTH_TIME_SKEW_MS]) {
      expect(() => checkFreshAuthentication({ auth_time: seconds(authTime) }, requestedAt)).not.toThrow();
    }
  });

  it('refuses one a second past the skew, and one missing or not a number', () => {
    const refused = [
      { auth_time: seconds(requestedAt - AUTH_TIME_SKEW_MS - 1_000) },
      {},
      { auth_time: String(seconds(requestedAt)) },
      { auth_time: Number.NaN },
    ];
    for (const claims of refused) {
      expect(() => checkFreshAuthentication(claims, requestedAt)).toThrow(
        expect.objectContaining({ problem: 'stale' }),
      );
    }
  });
});
