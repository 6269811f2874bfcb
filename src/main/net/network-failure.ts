/** Why a request got no usable answer from the network, when that is what happened. */
export type NetworkFailure = { kind: 'unreachable'; detail: string } | { kind: 'redirected'; detail: string };

/**
 * Reads a failed request's error the same way whichever fetch made it: Node's fetch rejects with
 * `TypeError('fetch failed')` and the reason as its cause (ECONNREFUSED…); Electron's net.fetch
 * with a plain `Error('net::ERR_…')`, and with `Error('Redirect was cancelled')` for a 3xx under
 * `redirect: 'manual'` (openid-client's setting). openid-client wraps any of these in a
 * ClientError whose cause is the original. Null for anything else (an answer that failed a check).
 */
export function networkFailure(error: unknown): NetworkFailure | null {
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth++) {
    const { message } = current;
    if (/^net::ERR_/.test(message)) return { kind: 'unreachable', detail: message };
    if (message === 'Redirect was cancelled' || message.startsWith('Attempted to redirect')) {
      return { kind: 'redirected', detail: message };
    }
    if (current.name === 'TypeError' && message === 'fetch failed') {
      const cause = current.cause instanceof Error ? current.cause.message : '';
      return { kind: 'unreachable', detail: cause === '' ? message : `${message}: ${cause}` };
    }
    current = current.cause;
  }
  return null;
}
