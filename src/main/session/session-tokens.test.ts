import { describe, expect, it } from 'vitest';
import { authorizedFetch, SignedOutError, TokenHolder } from './session-tokens';
import type { SessionTokens } from './session-tokens';

const NOW = 1_800_000_000_000;
const tokens = (n: number, expiresAt = NOW + 600_000): SessionTokens => ({
  practitionerId: 'rn-osei',
  accessToken: `access-${n}`,
  accessTokenExpiresAt: expiresAt,
  refreshToken: `refresh-${n}`,
  idTokenClaims: {},
});

function holder(initial: SessionTokens) {
  const refreshedWith: string[] = [];
  const rotated: string[] = [];
  let n = 1;
  const h = new TokenHolder(initial, {
    refresh: (refreshToken) => {
      refreshedWith.push(refreshToken);
      n += 1;
      return new Promise((resolve) => setTimeout(() => resolve(tokens(n)), 5));
    },
    onRotated: (t) => rotated.push(t.refreshToken ?? ''),
    now: () => NOW,
  });
  return { h, refreshedWith, rotated };
}

/** A portal that takes only `valid` and records the Authorization headers it saw. */
function portal(valid: () => string) {
  const seen: string[] = [];
  const fetch = (_input: Parameters<typeof globalThis.fetch>[0], init?: RequestInit) => {
    const auth = new Headers(init?.headers).get('Authorization') ?? '';
    seen.push(auth);
    return Promise.resolve(new Response('{}', { status: auth === `Bearer ${valid()}` ? 200 : 401 }));
  };
  return { seen, fetch };
}

describe('the access token and the authorised fetch', () => {
  it('sends the bearer token, keeping the request headers', async () => {
    const { h } = holder(tokens(1));
    const p = portal(() => 'access-1');
    const response = await authorizedFetch(h, p.fetch)('https://portal/Task', {
      headers: { Accept: 'application/fhir+json' },
    });
    expect(response.status).toBe(200);
    expect(p.seen).toEqual(['Bearer access-1']);
  });

  it('renews a token about to run out before sending, once for requests sent together', async () => {
    const { h, refreshedWith, rotated } = holder(tokens(1, NOW + 10_000));
    const p = portal(() => 'access-2');
    const send = authorizedFetch(h, p.fetch);
    const answers = await Promise.all([send('https://portal/a'), send('https://portal/b'), send('https://portal/c')]);
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    // One refresh: a rotated refresh token is single-use, a second use would end the session.
    expect(refreshedWith).toEqual(['refresh-1']);
    expect(rotated).toEqual(['refresh-2']);
  });

  it('after a 401 renews the token and tries once more, and only once', async () => {
    const { h, refreshedWith } = holder(tokens(1));
    let valid = 'access-2';
    const p = portal(() => valid);
    expect((await authorizedFetch(h, p.fetch)('https://portal/Task')).status).toBe(200);
    expect(p.seen).toEqual(['Bearer access-1', 'Bearer access-2']);
    expect(refreshedWith).toEqual(['refresh-1']);
    valid = 'never';
    expect((await authorizedFetch(h, p.fetch)('https://portal/Task')).status).toBe(401);
    expect(p.seen.slice(2)).toEqual(['Bearer access-2', 'Bearer access-3']);
  });

  it('sends nothing once the session is locked or signed out', async () => {
    const { h } = holder(tokens(1));
    const p = portal(() => 'access-1');
    expect(h.drop()).toBe('refresh-1');
    expect(h.drop()).toBeNull();
    await expect(authorizedFetch(h, p.fetch)('https://portal/Task')).rejects.toBeInstanceOf(SignedOutError);
    expect(p.seen).toEqual([]);
  });
});
