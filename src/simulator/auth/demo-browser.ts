/**
 * Plays the system browser for tests and demos: follows the authorization server's redirects with
 * a cookie jar, fills in the demo login form, and finally requests the loopback redirect so the
 * app's listener receives it. Returns that final URL. The app's end-to-end tests pass this as
 * `openExternal`.
 */

interface Cookie {
  name: string;
  value: string;
  path: string;
}

const MAX_STEPS = 20;

class CookieJar {
  private readonly cookies = new Map<string, Cookie>();

  store(response: Response, url: URL): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      let path = url.pathname.replace(/\/[^/]*$/, '') || '/';
      let expired = false;
      for (const attribute of attributes) {
        const [key = '', val = ''] = attribute.split('=').map((s) => s.trim());
        if (key.toLowerCase() === 'path' && val.startsWith('/')) path = val;
        if (key.toLowerCase() === 'max-age' && Number(val) <= 0) expired = true;
        if (key.toLowerCase() === 'expires' && Date.parse(val) <= Date.now()) expired = true;
      }
      const key = `${name};${path}`;
      if (expired || value === '') this.cookies.delete(key);
      else this.cookies.set(key, { name, value, path });
    }
  }

  header(url: URL): string | undefined {
    const matching = [...this.cookies.values()].filter(
      (c) => url.pathname === c.path || url.pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`),
    );
    return matching.length === 0 ? undefined : matching.map((c) => `${c.name}=${c.value}`).join('; ');
  }
}

function decodeEntities(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The words of the page's alert (or its heading), for an error a person can read. */
function pageProblem(html: string): string {
  const alert = /id="sign-in-error"[^>]*>([^<]*)</.exec(html)?.[1];
  const heading = /<h1>([^<]*)<\/h1>/.exec(html)?.[1];
  return decodeEntities(alert ?? heading ?? 'the page gave no reason').trim();
}

export async function completeDemoSignIn(
  authorizationUrl: string,
  credentials: { username: string; password: string },
): Promise<string> {
  const start = new URL(authorizationUrl);
  const redirectUri = start.searchParams.get('redirect_uri');
  if (redirectUri === null) throw new Error('The authorization URL has no redirect_uri.');
  const callback = new URL(redirectUri);
  const isCallback = (url: URL) => url.origin === callback.origin && url.pathname === callback.pathname;

  const jar = new CookieJar();
  let url = start;
  let init: RequestInit = { method: 'GET' };
  let submitted = false;
  for (let step = 0; step < MAX_STEPS; step++) {
    if (isCallback(url)) {
      // The app's loopback listener: what it answers is the app's business, the URL is the result.
      const delivered = await fetch(url, { redirect: 'manual' });
      await delivered.body?.cancel();
      return url.href;
    }
    const headers = new Headers(init.headers);
    const cookie = jar.header(url);
    if (cookie !== undefined) headers.set('cookie', cookie);
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    jar.store(response, url);
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location !== null) {
      await response.body?.cancel();
      url = new URL(location, url);
      init = { method: 'GET' };
      continue;
    }
    const html = await response.text();
    const form = /<form method="post" action="([^"]*\/login)"/.exec(html);
    if (response.status === 200 && form !== null && !submitted) {
      submitted = true;
      url = new URL(decodeEntities(form[1] ?? ''), url);
      init = {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ username: credentials.username, password: credentials.password }).toString(),
      };
      continue;
    }
    throw new Error(`The portal refused the sign-in (HTTP ${response.status}): ${pageProblem(html)}`);
  }
  throw new Error(`The sign-in took more than ${MAX_STEPS} steps: the portal keeps redirecting.`);
}
