import type { CapabilityStatementRestSecurity, Resource } from '@medplum/fhirtypes';
import type { FhirStore } from '../store/fhir-store';

/**
 * One FHIR interaction, transport-free: the node:http adapter builds it from a socket, the
 * transaction/batch handler from a Bundle entry, and both go through the same router.
 */
export interface FhirRequest {
  method: string;
  /** Decoded path segments below the base: `['Task', '1', '_history']`. */
  segments: string[];
  params: [string, string][];
  /** Lower-case header names. */
  headers: Readonly<Record<string, string | undefined>>;
  /** The parsed JSON body, when there is one. */
  body?: unknown;
  /** A transaction entry's id assigned up front, so `urn:uuid:` references could be rewritten. */
  assignedId?: string;
  /**
   * The SMART scopes of the verified access token, checked per interaction (access/scope-check.ts);
   * undefined when the simulator runs without sign-in.
   */
  scopes?: readonly string[];
}

export interface FhirResponse {
  status: number;
  headers: Record<string, string>;
  body?: Resource;
}

export interface ServerContext {
  store: FhirStore;
  /** The base URL clients use, e.g. `http://127.0.0.1:41234` (known once the server listens). */
  baseUrl(): string;
  /** The server's wall clock (tests pass a fixed one). */
  now(): Date;
  /** How to sign in (SMART's oauth-uris), when the simulator runs an authorization server. */
  security?: () => CapabilityStatementRestSecurity;
}
