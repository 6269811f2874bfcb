import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CLIENT_ACTION_SYSTEM } from '../fhir/codes';
import { clientKey, clientKeySearches, clientUuidOf, createUrn, markedUuid } from './client-keys';

const uuid = '3f2c9a1e-5b7d-4c2a-9e1f-0a1b2c3d4e5f';

describe('client keys', () => {
  it('are the bare UUID under the project system, never a urn:uuid a server would rewrite', () => {
    expect(clientKey(uuid)).toEqual({ system: CLIENT_ACTION_SYSTEM, value: uuid });
    expect(JSON.stringify(clientKey(uuid))).not.toContain('urn:uuid:');
    expect(clientKeySearches(uuid)[0]).toBe(`${CLIENT_ACTION_SYSTEM}|${uuid}`);
  });

  it('are read in the current form and the one earlier versions wrote, and nothing else', () => {
    expect(clientUuidOf(clientKey(uuid))).toBe(uuid);
    expect(clientUuidOf({ system: 'urn:ietf:rfc:3986', value: `urn:uuid:${uuid}` })).toBe(uuid);
    // What a reference-rewriting server leaves of an old key: no longer a key.
    expect(clientUuidOf({ system: 'urn:ietf:rfc:3986', value: 'Communication/123' })).toBeUndefined();
    expect(clientUuidOf({ system: 'http://other.example/ids', value: uuid })).toBeUndefined();
    expect(markedUuid(uuid)).toBe(uuid);
    expect(markedUuid(`urn:uuid:${uuid}`)).toBe(uuid);
    expect(markedUuid('Communication/123')).toBeUndefined();
  });

  it('give each created resource a fullUrl of its own: stable, and neither the action UUID nor another’s', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.nat(8), fc.nat(8), (id, a, b) => {
        const first = createUrn(id, a);
        expect(first).toBe(createUrn(id, a));
        expect(first).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
        expect(first).not.toContain(id);
        if (a !== b) expect(first).not.toBe(createUrn(id, b));
      }),
    );
  });
});
