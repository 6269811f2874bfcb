import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Resource } from '@medplum/fhirtypes';
import { bearer, smartTestClient } from '../auth/smart-test-client';
import type { SmartTestClient } from '../auth/smart-test-client';
import { startTestSimulator } from './harness';
import type { FhirAnswer, FhirInit, TestSimulator } from './harness';

/**
 * A simulator that requires sign-in, with staff signing in the way the app does (SMART, PKCE,
 * the demo login), so a test acts as a named person through a real access token: the rules then
 * judge the token's Practitioner, as they do for every client of a portal with sign-in.
 */
export interface SignedInPortal {
  sim: TestSimulator;
  client: SmartTestClient;
  /** An access token for `username` (default scopes: what the app asks for, `user/*.crus`). */
  tokenFor(username: string, scope?: string): Promise<string>;
  /** A FHIR request as `username` (a token per user and scope, signed in once). */
  as(username: string, path: string, init?: FhirInit & { scope?: string }): Promise<FhirAnswer>;
  stop(): Promise<void>;
}

export async function startSignedInPortal(resources: readonly Resource[]): Promise<SignedInPortal> {
  const sim = await startTestSimulator({ resources, auth: { requireAccessToken: true } });
  // Stands in for the app's loopback listener: the browser's last step delivers the code here.
  const loopback: Server = createServer((_request, response) => response.end('ok'));
  await new Promise<void>((resolve) => loopback.listen(0, '127.0.0.1', resolve));
  const client = smartTestClient(sim.baseUrl, `http://127.0.0.1:${(loopback.address() as AddressInfo).port}/callback`);
  const tokens = new Map<string, Promise<string>>();
  const tokenFor = (username: string, scope?: string): Promise<string> => {
    const key = `${username} ${scope ?? ''}`;
    let token = tokens.get(key);
    if (token === undefined) {
      token = client.accessTokenFor(username, scope);
      tokens.set(key, token);
    }
    return token;
  };
  return {
    sim,
    client,
    tokenFor,
    async as(username, path, init = {}) {
      const { scope, ...rest } = init;
      const token = await tokenFor(username, scope);
      return sim.fhir(path, { ...rest, headers: { ...rest.headers, ...bearer(token) } });
    },
    async stop() {
      await new Promise((resolve) => loopback.close(resolve));
      await sim.stop();
    },
  };
}
