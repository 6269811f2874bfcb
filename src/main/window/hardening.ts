/**
 * Every security setting of the app window, in one place, with a unit test that asserts them.
 * No Electron import here: `applyHardening` takes the few Electron surfaces it needs as structural
 * types, so plain Node tests can drive it with fakes.
 */
import { originOf } from '../ipc/trusted-sender';

/**
 * No inline script, no eval, nothing from another origin. `style-src 'self'` still lets React set
 * element styles through the CSSOM, which the virtualised list needs.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "object-src 'none'",
  "worker-src 'none'",
].join('; ');

export function secureWebPreferences(preloadPath: string) {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
  } as const;
}

/** Sites staff may be sent to in the system browser: TRICARE, the regional contractors, pharmacy, crisis lines. */
export const EXTERNAL_LINK_HOSTS: readonly string[] = [
  'www.tricare.mil',
  'tricare.mil',
  'www.express-scripts.com',
  'militaryrx.express-scripts.com',
  'www.triwest.com',
  'www.humanamilitary.com',
  'www.veteranscrisisline.net',
  'www.militarycrisisline.net',
  '988lifeline.org',
];

export function isAllowedExternalUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return (
    url.protocol === 'https:' &&
    url.username === '' &&
    url.password === '' &&
    EXTERNAL_LINK_HOSTS.includes(url.hostname)
  );
}

interface PreventableEvent {
  preventDefault(): void;
}

/** The parts of Electron's WebContents and Session that hardening touches. */
export interface HardenableContents {
  on(
    event: 'will-navigate' | 'will-redirect' | 'will-attach-webview',
    listener: (event: PreventableEvent, url?: string) => void,
  ): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  session: {
    setPermissionRequestHandler(
      handler: (
        contents: unknown,
        permission: string,
        callback: (granted: boolean) => void,
        details: { requestingUrl?: string },
      ) => void,
    ): void;
    setPermissionCheckHandler(
      handler: (contents: unknown, permission: string, requestingOrigin: string) => boolean,
    ): void;
    webRequest: {
      onHeadersReceived(
        listener: (
          details: { responseHeaders?: Record<string, string[]> },
          callback: (response: { responseHeaders: Record<string, string[]> }) => void,
        ) => void,
      ): void;
    };
  };
}

/**
 * What the page may ask for: writing plain text to the clipboard (copying the portal's sign-in
 * address when no browser opened). Never reading it, nor camera, location, notifications (main
 * raises those) or anything else.
 */
export const PAGE_PERMISSIONS: readonly string[] = ['clipboard-sanitized-write'];

function webOrigin(url: string | undefined): string | null {
  if (url === undefined || !URL.canParse(url)) return null;
  return originOf(new URL(url));
}

/**
 * Navigation, new windows, webviews and permission prompts are all refused, but for
 * PAGE_PERMISSIONS asked by the app's own page: the window only ever shows the bundled renderer,
 * loaded once from app://triage-desk (or the dev server) by the shell, and a single-page app never
 * needs to navigate, not even within its own origin. A new-window request for an allow-listed https
 * link goes to the system browser instead. The app:// handler sends the CSP with every file; this
 * header covers what it does not serve (the dev server).
 */
export function applyHardening(
  contents: HardenableContents,
  openExternal: (url: string) => void,
  trustedOrigins: readonly string[],
): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) openExternal(url);
    return { action: 'deny' };
  });
  const mayHave = (permission: string, origin: string | null) =>
    PAGE_PERMISSIONS.includes(permission) && origin !== null && trustedOrigins.includes(origin);
  contents.session.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(mayHave(permission, webOrigin(details.requestingUrl))),
  );
  contents.session.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    mayHave(permission, webOrigin(requestingOrigin)),
  );
  contents.session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
}
