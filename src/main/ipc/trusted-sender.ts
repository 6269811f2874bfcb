/** What main knows about who sent an IPC message (from Electron's `event.senderFrame`). */
export interface SenderInfo {
  url: string;
  isMainFrame: boolean;
}

/**
 * Only the app's own top-level page may call main: not a sub-frame, not a page that somehow
 * navigated elsewhere. `trustedOrigins` holds the renderer's origin (a `file://` bundle in
 * production, the dev server's origin in development).
 */
export function isTrustedSender(sender: SenderInfo, trustedOrigins: readonly string[]): boolean {
  if (!sender.isMainFrame) return false;
  let url: URL;
  try {
    url = new URL(sender.url);
  } catch {
    return false;
  }
  return trustedOrigins.some((trusted) => {
    if (trusted.startsWith('file://')) return url.protocol === 'file:' && url.href.startsWith(trusted);
    return url.origin === trusted;
  });
}
