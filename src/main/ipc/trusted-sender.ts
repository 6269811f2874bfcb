/** What main knows about who sent an IPC message (from Electron's `event.senderFrame`). */
export interface SenderInfo {
  url: string;
  isMainFrame: boolean;
}

/**
 * Only the app's own top-level page may call main: not a sub-frame, not a page that somehow
 * navigated elsewhere. `trustedOrigins` holds the renderer's origin: `app://triage-desk` in
 * production, the dev server's origin in development.
 */
export function isTrustedSender(sender: SenderInfo, trustedOrigins: readonly string[]): boolean {
  if (!sender.isMainFrame) return false;
  let url: URL;
  try {
    url = new URL(sender.url);
  } catch {
    return false;
  }
  if (url.username !== '' || url.password !== '') return false;
  return trustedOrigins.some((trusted) => originOf(url) === trusted);
}

/**
 * Node's URL gives a custom scheme the opaque origin "null"; Chromium, where app:// is registered
 * as a standard scheme, gives it scheme://host[:port], which is what the trusted origin spells.
 */
export function originOf(url: URL): string {
  if (url.origin !== 'null') return url.origin;
  return url.host === '' ? 'null' : `${url.protocol}//${url.host}`;
}
