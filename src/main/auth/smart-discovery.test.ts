import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { discoverSmartServer } from './smart-discovery';

let server: Server | undefined;

afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

/** A portal double that serves only the given SMART configuration. */
async function portalWith(configuration: (base: string) => Record<string, unknown>): Promise<string> {
  let base = '';
  server = createServer((request, response) => {
    if (request.url === '/fhir/.well-known/smart-configuration') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(configuration(base)));
    } else {
      response.writeHead(404);
      response.end();
    }
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/fhir`;
  return base;
}

const smart = (base: string, extra: Record<string, unknown> = {}) => ({
  issuer: `${base}/auth`,
  authorization_endpoint: `${base}/auth/authorize`,
  token_endpoint: `${base}/auth/token`,
  code_challenge_methods_supported: ['S256'],
  ...extra,
});

describe('discoverSmartServer', () => {
  it('refuses a portal that does not offer PKCE S256', async () => {
    for (const methods of [undefined, [], ['plain']]) {
      const base = await portalWith((b) => smart(b, { code_challenge_methods_supported: methods }));
      await expect(discoverSmartServer(base, { clientId: 'triage-desk' })).rejects.toThrow(/PKCE with S256/);
      await new Promise((resolve) => server?.close(resolve));
    }
  });

  it('refuses plain http:// off this computer, for the portal and for the sign-in server it names', async () => {
    await expect(discoverSmartServer('http://192.0.2.10/fhir', { clientId: 'triage-desk' })).rejects.toThrow(
      /must use https/,
    );
    const base = await portalWith((b) => smart(b, { token_endpoint: 'http://192.0.2.10/token' }));
    await expect(discoverSmartServer(base, { clientId: 'triage-desk' })).rejects.toThrow(
      /token endpoint \(http:\/\/192\.0\.2\.10\) is refused/,
    );
  });

  it('says so in words when the portal has no SMART configuration', async () => {
    const base = await portalWith((b) => smart(b));
    await expect(discoverSmartServer(`${base}/other`, { clientId: 'triage-desk' })).rejects.toThrow(
      /does not offer SMART sign-in: .* answered HTTP 404/,
    );
  });
});
