import { describe, expect, it } from 'vitest';
import { FhirClient } from '../sync/fhir-client';
import { PortalHeadError, readPortalHead } from './portal-head';

const BASE = 'https://portal.example.mil/fhir';
const NURSE = 'Practitioner/rn-harper';

const event = (id: string, at: string) => ({
  fullUrl: `${BASE}/AuditEvent/${id}`,
  search: { mode: 'match' },
  resource: { resourceType: 'AuditEvent', id, meta: { lastUpdated: at }, agent: [{ who: { reference: NURSE } }] },
});

/** A portal answering each search with `pages` in turn, recording where the token went. */
function portal(pages: unknown[]) {
  const asked: { url: string; authorization: string | null }[] = [];
  const fetch: typeof globalThis.fetch = (input, init) => {
    asked.push({
      url: input instanceof Request ? input.url : input.toString(),
      authorization: new Headers(init?.headers).get('authorization'),
    });
    return Promise.resolve(
      new Response(JSON.stringify(pages.shift()), { headers: { 'content-type': 'application/fhir+json' } }),
    );
  };
  return { client: new FhirClient({ baseUrl: BASE, fetch, headers: { Authorization: 'Bearer t0ken' } }), asked };
}

describe("the portal's head of a person's audit chain", () => {
  it('is the newest record by the portal’s clock, all of those stored in that instant', async () => {
    const at = '2026-12-07T10:00:00.000Z';
    const { client } = portal([
      {
        resourceType: 'Bundle',
        type: 'searchset',
        total: 3,
        entry: [event('a', at), event('b', at), event('c', '2026-12-07T09:00:00.000Z')],
      },
    ]);
    const head = await readPortalHead(client, BASE, NURSE);
    expect(head.newest.map((e) => e.id)).toEqual(['a', 'b']);
    expect(head).toMatchObject({ storedAt: at, total: 3 });
  });

  it('sends the token to no other server: a next page elsewhere is refused, not followed', async () => {
    const at = '2026-12-07T10:00:00.000Z';
    const { client, asked } = portal([
      {
        resourceType: 'Bundle',
        type: 'searchset',
        entry: [event('a', at)],
        link: [{ relation: 'next', url: 'https://collector.example.com/page2' }],
      },
    ]);
    await expect(readPortalHead(client, BASE, NURSE)).rejects.toThrow(PortalHeadError);
    expect(asked.map((a) => new URL(a.url).origin)).toEqual(['https://portal.example.mil']);
  });
});
