import type { DemoAccount } from './demo-accounts';

/** Every value put into the page goes through here: ids and names come from the portal's data. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface LoginPageInput {
  /** Where the form posts: `/auth/interaction/{uid}/login`. */
  action: string;
  /** Where "Cancel" posts: `/auth/interaction/{uid}/abort`. */
  abortAction: string;
  clientName: string;
  demoPassword: string;
  roster: readonly DemoAccount[];
  /** Shown above the form after a refused attempt. */
  error?: string;
  username?: string;
}

const STYLE = `body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
label{display:block;margin-top:.75rem}input{font-size:1rem;padding:.4rem;width:100%;box-sizing:border-box}
button{margin-top:1rem;font-size:1rem;padding:.5rem 1rem}.error{color:#b50909;font-weight:600}
.note{background:#f0f0f0;padding:.75rem;border-radius:4px;font-size:.9rem}table{font-size:.85rem;margin-top:.5rem}
td{padding:0 .75rem 0 0}`;

/**
 * The demo portal's sign-in page. Plain HTML and a form, no script: it runs in the user's own
 * browser, and a real deployment replaces it with the identity provider's CAC/PIV sign-in.
 */
export function loginPage(input: LoginPageInput): string {
  const rows = input.roster
    .map((a) => `<tr><td><code>${escapeHtml(a.practitionerId)}</code></td><td>${escapeHtml(a.name)}</td></tr>`)
    .join('');
  const error =
    input.error === undefined ? '' : `<p class="error" role="alert" id="sign-in-error">${escapeHtml(input.error)}</p>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in - demo clinic portal</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Sign in to the demo clinic portal</h1>
<p><strong>${escapeHtml(input.clientName)}</strong> asks to act for you on the clinic's patient portal.</p>
${error}
<form method="post" action="${escapeHtml(input.action)}" autocomplete="off">
<label for="username">Staff id</label>
<input id="username" name="username" required autofocus value="${escapeHtml(input.username ?? '')}">
<label for="password">Password</label>
<input id="password" name="password" type="password" required>
<button type="submit">Sign in</button>
</form>
<form method="post" action="${escapeHtml(input.abortAction)}"><button type="submit">Cancel</button></form>
<p class="note">This is the portal simulator's demo sign-in. A real deployment signs you in with your
CAC/PIV card at the clinic's identity provider instead. Here, sign in with a staff member's id and
the demo password <code>${escapeHtml(input.demoPassword)}</code>.</p>
${rows === '' ? '' : `<table><caption>Staff on the demo roster</caption>${rows}</table>`}
</body>
</html>`;
}

/** The answer for anything that goes wrong in the browser part of sign-in: words, no stack. */
export function problemPage(title: string, detail: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><h1>${escapeHtml(title)}</h1><p class="error" role="alert" id="sign-in-error">${escapeHtml(detail)}</p>
<p>Close this tab and start the sign-in again from Triage Desk.</p></body>
</html>`;
}
