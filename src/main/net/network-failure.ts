/** Why a request got no usable answer from the network, when that is what happened. */
export interface NetworkFailure {
  /**
   * unreachable: no connection (offline, DNS, proxy down); certificate: the portal's certificate
   * is not trusted on this computer (a missing DoD or clinic root, an intercepting proxy);
   * redirected: a 3xx where none is followed.
   */
  kind: 'unreachable' | 'certificate' | 'redirected';
  detail: string;
}

/** Node's (OpenSSL's) codes for a certificate it does not trust; Chromium says net::ERR_CERT_… */
const NODE_CERTIFICATE_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

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
    if (/^net::ERR_(CERT_|SSL_|BAD_SSL)/.test(message)) return { kind: 'certificate', detail: message };
    if (/^net::ERR_/.test(message)) return { kind: 'unreachable', detail: message };
    if (message === 'Redirect was cancelled' || message.startsWith('Attempted to redirect')) {
      return { kind: 'redirected', detail: message };
    }
    if (current.name === 'TypeError' && message === 'fetch failed') {
      const cause = current.cause instanceof Error ? current.cause : undefined;
      const detail = cause === undefined ? message : `${message}: ${cause.message}`;
      const code = (cause as { code?: unknown } | undefined)?.code;
      return {
        kind: typeof code === 'string' && NODE_CERTIFICATE_CODES.has(code) ? 'certificate' : 'unreachable',
        detail,
      };
    }
    current = current.cause;
  }
  return null;
}
