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

export interface DemoSignIn {
  /** The loopback redirect the browser delivered to the app. */
  callback: string;
  /** Whether the portal showed its login form on the way (false: it reused a session of this browser). */
  askedForCredentials: boolean;
}

/** The request a page whose script submits its only form at load makes, with the form's hidden fields. */
function selfSubmittingForm(html: string, base: URL): { url: URL; init: RequestInit } | null {
  if (!html.includes('document.forms[0].submit()')) return null;
  const form = /<form method="post" action="([^"]*)">([\s\S]*?)<\/form>/.exec(html);
  if (form === null) return null;
  return { url: new URL(decodeEntities(form[1] ?? ''), base), init: postOf(hiddenFields(form[2] ?? '')) };
}

function hiddenFields(formBody: string): URLSearchParams {
  const fields = new URLSearchParams();
  for (const input of formBody.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)"\/?>/g)) {
    fields.set(decodeEntities(input[1] ?? ''), decodeEntities(input[2] ?? ''));
  }
  return fields;
}

function postOf(fields: URLSearchParams): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: fields.toString(),
  };
}

/** Where a redirect leads (its body dropped, as a browser does), or null for a page to read. */
async function redirectTarget(response: Response, from: URL): Promise<URL | null> {
  const location = response.headers.get('location');
  if (response.status < 300 || response.status >= 400 || location === null) return null;
  await response.body?.cancel();
  return new URL(location, from);
}

/**
 * One browser profile: its cookies outlive each page, as a shared workstation's system browser
 * keeps the portal's session cookie from one person to the next.
 */
export class DemoBrowser {
  private readonly jar = new CookieJar();

  /** Signs in at an authorization address, with these credentials if the portal asks for any. */
  async signIn(authorizationUrl: string, credentials: { username: string; password: string }): Promise<DemoSignIn> {
    const start = new URL(authorizationUrl);
    const redirectUri = start.searchParams.get('redirect_uri');
    if (redirectUri === null) throw new Error('The authorization URL has no redirect_uri.');
    const callback = new URL(redirectUri);
    const isCallback = (url: URL) => url.origin === callback.origin && url.pathname === callback.pathname;

    let url = start;
    let init: RequestInit = { method: 'GET' };
    let submitted = false;
    for (let step = 0; step < MAX_STEPS; step++) {
      if (isCallback(url)) {
        // The app's loopback listener: what it answers is the app's business, the URL is the result.
        const delivered = await fetch(url, { redirect: 'manual' });
        await delivered.body?.cancel();
        return { callback: url.href, askedForCredentials: submitted };
      }
      const response = await this.send(url, init);
      const redirect = await redirectTarget(response, url);
      if (redirect !== null) {
        url = redirect;
        init = { method: 'GET' };
        continue;
      }
      const html = await response.text();
      // A page that submits itself (oidc-provider ends the previous person's session this way
      // when someone else signs in at the same browser): a browser runs its script.
      const automatic = selfSubmittingForm(html, url);
      if (response.status === 200 && automatic !== null) {
        url = automatic.url;
        init = automatic.init;
        continue;
      }
      const form = /<form method="post" action="([^"]*\/login)"/.exec(html);
      if (response.status === 200 && form !== null && !submitted) {
        submitted = true;
        url = new URL(decodeEntities(form[1] ?? ''), url);
        init = postOf(new URLSearchParams({ username: credentials.username, password: credentials.password }));
        continue;
      }
      throw new Error(`The portal refused the sign-in (HTTP ${response.status}): ${pageProblem(html)}`);
    }
    throw new Error(`The sign-in took more than ${MAX_STEPS} steps: the portal keeps redirecting.`);
  }

  /**
   * Opens the portal's sign-out address (RP-Initiated Logout) and answers its page as a person
   * would: "Sign out of the portal" (the page's script would press it in a real browser). Returns
   * the heading of the page it ends on.
   */
  async signOut(endSessionUrl: string): Promise<string> {
    let url = new URL(endSessionUrl);
    let init: RequestInit = { method: 'GET' };
    let confirmed = false;
    for (let step = 0; step < MAX_STEPS; step++) {
      const response = await this.send(url, init);
      const redirect = await redirectTarget(response, url);
      if (redirect !== null) {
        url = redirect;
        init = { method: 'GET' };
        continue;
      }
      const html = await response.text();
      const form = /<form[^>]*method="post"[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/.exec(html);
      if (response.status === 200 && form !== null && !confirmed) {
        confirmed = true;
        const fields = hiddenFields(form[2] ?? '');
        if (/name="logout" value="yes"/.test(html)) fields.set('logout', 'yes');
        url = new URL(decodeEntities(form[1] ?? ''), url);
        init = postOf(fields);
        continue;
      }
      if (response.status !== 200) {
        throw new Error(`The portal refused the sign-out (HTTP ${response.status}): ${pageProblem(html)}`);
      }
      return decodeEntities(/<h1[^>]*>([^<]*)<\/h1>/.exec(html)?.[1] ?? '').trim();
    }
    throw new Error(`The sign-out took more than ${MAX_STEPS} steps: the portal keeps redirecting.`);
  }

  private async send(url: URL, init: RequestInit): Promise<Response> {
    const headers = new Headers(init.headers);
    const cookie = this.jar.header(url);
    if (cookie !== undefined) headers.set('cookie', cookie);
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    this.jar.store(response, url);
    return response;
  }
}

/** A browser of its own for one sign-in (no cookies before, none kept after); returns the loopback URL it delivered. */
export async function completeDemoSignIn(
  authorizationUrl: string,
  credentials: { username: string; password: string },
): Promise<string> {
  return (await new DemoBrowser().signIn(authorizationUrl, credentials)).callback;
}
