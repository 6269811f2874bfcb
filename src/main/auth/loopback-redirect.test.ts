import { describe, expect, it } from 'vitest';
import { openLoopbackRedirect } from './loopback-redirect';

describe('openLoopbackRedirect', () => {
  it('listens on 127.0.0.1 at an ephemeral port, ignores other paths, and answers the first callback in words', async () => {
    const redirect = await openLoopbackRedirect();
    const uri = new URL(redirect.redirectUri);
    expect(uri.hostname).toBe('127.0.0.1');
    expect(uri.pathname).toBe('/callback');
    expect(Number(uri.port)).toBeGreaterThan(0);

    const favicon = await fetch(new URL('/favicon.ico', uri));
    expect(favicon.status).toBe(404);
    await favicon.body?.cancel();

    const browser = fetch(`${redirect.redirectUri}?code=abc&state=xyz`);
    const callback = await redirect.callback;
    expect(callback.url.searchParams.get('code')).toBe('abc');
    expect(callback.url.origin).toBe(uri.origin);
    callback.reply({ ok: true });
    const page = await browser;
    expect(page.status).toBe(200);
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await page.text()).toBe('Signed in. You can close this tab and return to Triage Desk.');

    await redirect.close();
    await expect(fetch(`${redirect.redirectUri}?code=again`)).rejects.toThrow();
  });

  it('shows the problem in words when the app refuses the callback', async () => {
    const redirect = await openLoopbackRedirect();
    const browser = fetch(`${redirect.redirectUri}?state=other`);
    (await redirect.callback).reply({ ok: false, problem: 'The browser returned from a different sign-in.' });
    const page = await browser;
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('Sign-in failed: The browser returned from a different sign-in.');
    await redirect.close();
  });

  it('gives up after its timeout and after an abort, closing the port', async () => {
    const timed = await openLoopbackRedirect({ timeoutMs: 50 });
    await expect(timed.callback).rejects.toMatchObject({ problem: 'timeout' });
    await expect(fetch(timed.redirectUri)).rejects.toThrow();

    const controller = new AbortController();
    const aborted = await openLoopbackRedirect({ signal: controller.signal });
    controller.abort();
    await expect(aborted.callback).rejects.toMatchObject({ problem: 'cancelled' });
    await expect(fetch(aborted.redirectUri)).rejects.toThrow();
  });
});
