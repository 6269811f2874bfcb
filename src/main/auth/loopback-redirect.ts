import { createServer } from 'node:http';
import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignInError } from './sign-in-error';

export const CALLBACK_PATH = '/callback';
export const DEFAULT_SIGN_IN_TIMEOUT_MS = 5 * 60_000;
/** The browser waits this long at most for the app to say how the sign-in ended. */
const REPLY_GRACE_MS = 30_000;

export type CallbackOutcome = { ok: true } | { ok: false; problem: string };

export interface LoopbackCallback {
  /** The redirect as the browser sent it: `http://127.0.0.1:{port}/callback?code=…&state=…`. */
  url: URL;
  /** Answers the browser tab, then the listener closes. */
  reply(outcome: CallbackOutcome): void;
}

export interface LoopbackRedirect {
  redirectUri: string;
  /** The first request to /callback; rejects (and the listener closes) on timeout or abort. */
  callback: Promise<LoopbackCallback>;
  close(): Promise<void>;
}

const PAGE_HEADERS = {
  'Content-Type': 'text/plain; charset=utf-8',
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  // The callback URL holds the authorization code: never pass it on.
  'Referrer-Policy': 'no-referrer',
};

function isAborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}

function answer(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { ...PAGE_HEADERS, 'Content-Length': Buffer.byteLength(text) });
  response.end(text);
}

/**
 * RFC 8252 §7.3: a one-shot listener on 127.0.0.1 at an ephemeral port for the authorization
 * response. It takes one request to /callback (other paths, such as a favicon, get 404), lets the
 * caller judge it before the browser tab is answered, and closes after that, on timeout or abort.
 */
export async function openLoopbackRedirect(
  options: { timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<LoopbackRedirect> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_SIGN_IN_TIMEOUT_MS;
  let settle: { resolve: (c: LoopbackCallback) => void; reject: (e: Error) => void } | undefined;
  const callback = new Promise<LoopbackCallback>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // Handled here too, so a sign-in that fails before awaiting it leaves no unhandled rejection.
  callback.catch(() => undefined);
  let taken = false;
  let closing: Promise<void> | undefined;

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (request.method !== 'GET' || url.pathname !== CALLBACK_PATH) {
      answer(response, 404, 'Not found.');
      return;
    }
    if (taken) {
      answer(response, 409, 'This sign-in has already ended. You can close this tab.');
      return;
    }
    taken = true;
    clearTimeout(timer);
    let replied = false;
    const reply = (outcome: CallbackOutcome) => {
      if (replied) return;
      replied = true;
      clearTimeout(grace);
      if (outcome.ok) answer(response, 200, 'Signed in. You can close this tab and return to Triage Desk.');
      else
        answer(
          response,
          400,
          `Sign-in failed: ${outcome.problem}\n\nYou can close this tab and try again in Triage Desk.`,
        );
      void close();
    };
    const grace = setTimeout(
      () => reply({ ok: false, problem: 'Triage Desk did not finish the sign-in. Try again from the app.' }),
      REPLY_GRACE_MS,
    );
    settle?.resolve({ url: new URL(`${redirectUri}${url.search}`), reply });
  });

  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      server.close(() => resolve());
      server.closeIdleConnections();
      // A browser keeping the connection alive must not hold the port open.
      setTimeout(() => server.closeAllConnections(), 1_000).unref();
    });
    return closing;
  };
  const fail = (error: SignInError) => {
    settle?.reject(error);
    void close();
  };
  const onAbort = () => {
    if (!taken) fail(new SignInError('cancelled', 'The sign-in was cancelled.'));
  };

  if (isAborted(options.signal)) throw new SignInError('cancelled', 'The sign-in was cancelled.');
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const redirectUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}${CALLBACK_PATH}`;
  const timer = setTimeout(
    () =>
      fail(
        new SignInError(
          'timeout',
          `Nobody finished signing in in the browser within ${Math.round(timeoutMs / 60_000) || 1} minute(s). Start the sign-in again.`,
        ),
      ),
    timeoutMs,
  );
  options.signal?.addEventListener('abort', onAbort, { once: true });
  // Aborted while the port was being opened: the event has already fired.
  if (isAborted(options.signal)) onAbort();
  return { redirectUri, callback, close };
}
