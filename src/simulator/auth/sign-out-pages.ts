import { createHash } from 'node:crypto';
import type { KoaContextWithOIDC } from 'oidc-provider';
import { escapeHtml } from './login-page';

const STYLE = `body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
button{margin:1rem .5rem 0 0;font-size:1rem;padding:.5rem 1rem}.note{color:#444}`;

/** Submits the sign-out at once; allowed by its hash, so the page's policy still forbids any other script. */
const AUTO_SIGN_OUT = "document.getElementById('sign-out-yes').click();";
const AUTO_SIGN_OUT_HASH = `'sha256-${createHash('sha256').update(AUTO_SIGN_OUT).digest('base64')}'`;

function setPageHeaders(ctx: KoaContextWithOIDC, script: boolean): void {
  ctx.type = 'html';
  ctx.set(
    'Content-Security-Policy',
    `default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'${script ? `; script-src ${AUTO_SIGN_OUT_HASH}` : ''}`,
  );
  ctx.set('X-Frame-Options', 'DENY');
  ctx.set('Referrer-Policy', 'no-referrer');
}

function page(title: string, body: string, script = ''): string {
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body>${body}${script === '' ? '' : `<script>${script}</script>`}</body>
</html>`;
}

/**
 * The portal's sign-out page (oidc-provider's `rpInitiatedLogout.logoutSource`). When Triage Desk
 * sends the id token of the person signed in at this browser (`id_token_hint`), it signs them out
 * at once: RP-Initiated Logout lets the portal skip the question then, and on a shared workstation
 * a question left unanswered is a session left for the next person. Otherwise the person is asked.
 * `form` is the provider's own form, carrying its anti-forgery token.
 */
export function logoutSource(ctx: KoaContextWithOIDC, form: string): Promise<void> {
  const hint = ctx.oidc.entities.IdTokenHint as { payload?: { sub?: unknown } } | undefined;
  const accountId = ctx.oidc.session?.accountId;
  const theirOwn = accountId !== undefined && hint?.payload?.sub === accountId;
  setPageHeaders(ctx, theirOwn);
  ctx.body = page(
    'Sign out of the demo clinic portal',
    `<h1>Sign out of the demo clinic portal</h1>
<p>${theirOwn ? 'Triage Desk signed you out; the portal signs you out too.' : 'Sign out of the clinic portal in this browser?'}</p>
${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes" id="sign-out-yes">Sign out of the portal</button>
<button type="submit" form="op.logoutForm">Stay signed in</button>`,
    theirOwn ? AUTO_SIGN_OUT : '',
  );
  return Promise.resolve();
}

/** After sign-out (`rpInitiatedLogout.postLogoutSuccessSource`): what the next person at the browser sees. */
export function postLogoutSuccessSource(ctx: KoaContextWithOIDC): Promise<void> {
  setPageHeaders(ctx, false);
  ctx.body = page(
    'Signed out of the portal',
    `<h1 id="signed-out">Signed out of the portal</h1>
<p>Nobody is signed in to the clinic portal in this browser now. You can close this window.</p>
<p class="note">The next person signs in from Triage Desk with their own card or password.</p>`,
  );
  return Promise.resolve();
}
