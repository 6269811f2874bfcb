import type { SyncProblem } from '../../shared/sync-status';
import { FhirHttpError, RetriesExhaustedError } from './fhir-client';

export interface SyncFailure {
  /** Whether the failure says the portal cannot be reached at all (rather than answering badly). */
  offline: boolean;
  problem: SyncProblem;
}

/** Chromium's and Node's words for a certificate that is not trusted (net/network-failure.ts). */
const UNTRUSTED_CERTIFICATE = /net::ERR_(CERT_|SSL_|BAD_SSL)|certificate/i;

const OFFLINE_ACTION =
  'The inbox shows what was cached; work already here can continue. Triage Desk keeps retrying — check the network or VPN if this lasts.';

/**
 * Turns a failed pass into words a nurse or IT can act on. Only a request that never got an answer
 * means "offline": a portal that answers 503 is reachable, and saying "offline" would send people
 * to check the wrong thing.
 */
export function describeSyncFailure(error: unknown, portalUrl: string): SyncFailure {
  const host = hostOf(portalUrl);
  if (error instanceof RetriesExhaustedError) {
    const cause = error.cause instanceof Error ? error.cause.message : '';
    if (cause.startsWith('network:') && UNTRUSTED_CERTIFICATE.test(cause)) {
      return {
        offline: false,
        problem: {
          message: `The portal's certificate is not trusted on this computer (${cause.slice('network: '.length)}).`,
          action:
            "Tell IT: the portal's certificate must chain to a root installed in this computer's trust store (a DoD or clinic root), or a proxy is intercepting the connection.",
        },
      };
    }
    if (cause.startsWith('network:')) {
      return { offline: true, problem: { message: `Cannot reach the portal at ${host}.`, action: OFFLINE_ACTION } };
    }
    return {
      offline: false,
      problem: {
        message: `The portal at ${host} is answering with errors (${cause || 'no usable answer'}).`,
        action: 'Triage Desk retries on its own. If it lasts more than a few minutes, tell IT: the portal may be down.',
      },
    };
  }
  if (error instanceof FhirHttpError) {
    if (error.status === 401 || error.status === 403) {
      return {
        offline: false,
        problem: {
          message: `The portal at ${host} refused access (HTTP ${error.status}).`,
          action: 'Sign in again; if it keeps refusing, ask IT to check your portal account and its permissions.',
        },
      };
    }
    if (error.status === 404 && error.url.endsWith('/metadata')) {
      return {
        offline: false,
        problem: {
          message: `${portalUrl} does not look like a FHIR portal (no /metadata).`,
          action: "Ask IT to check the portal address in Triage Desk's settings.",
        },
      };
    }
    return {
      offline: false,
      problem: {
        message: `The portal gave an answer Triage Desk cannot use: ${error.message}`,
        action: 'Triage Desk tries again at the next sync. If this repeats, send IT the details from Diagnostics.',
      },
    };
  }
  return {
    offline: false,
    problem: {
      message: `The sync stopped on this computer: ${error instanceof Error ? error.message : String(error)}`,
      action: 'Nothing already saved is lost. If this repeats, restart Triage Desk and tell IT (it may be disk space).',
    },
  };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
