import { describe, expect, it } from 'vitest';
import { checkPortalUrl } from './portal-url';

describe('checkPortalUrl', () => {
  it.each([
    'https://portal.example/fhir',
    'https://portal.example:8443/fhir/r4',
    'http://127.0.0.1:8787/fhir',
    'http://localhost:8787/fhir',
    'http://LOCALHOST:8787/fhir',
    'http://[::1]:8787/fhir',
    // WHATWG parsing turns these into 127.0.0.1, so they are this computer too.
    'http://127.1:8787/fhir',
    'http://0x7f000001/fhir',
  ])('accepts %j', (raw) => {
    expect(checkPortalUrl(raw)).toEqual({ ok: true, url: raw });
  });

  it.each([
    'http://portal.example/fhir',
    'http://10.0.0.5/fhir',
    'http://127.0.0.2/fhir',
    'http://192.168.1.20:8080/fhir',
    'http://localhost.evil.example/fhir',
    'http://127.0.0.1.nip.io/fhir',
    'http://[::ffff:127.0.0.1]/fhir',
    'http://0.0.0.0:8787/fhir',
  ])('refuses plain http to %j, naming the setting', (raw) => {
    const checked = checkPortalUrl(raw);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.problem).toMatch(/^The portalUrl setting is refused: http:\/\/\S+ uses plain http:\/\//);
    expect(checked.problem).toContain('https://');
  });

  it('refuses other schemes, non-URLs and credentials without echoing a password', () => {
    expect(checkPortalUrl('ftp://portal.example/fhir')).toEqual({
      ok: false,
      problem: "The portalUrl setting is refused: ftp:// is not a portal address. Use the portal's https:// address.",
    });
    expect(checkPortalUrl('ws://portal.example/fhir').ok).toBe(false);
    expect(checkPortalUrl('file:///etc/fhir').ok).toBe(false);
    expect(checkPortalUrl('portal.example/fhir')).toMatchObject({ ok: false, problem: /not a web address/ });
    const withPassword = checkPortalUrl('https://nurse:hunter2@portal.example/fhir');
    expect(withPassword).toMatchObject({ ok: false, problem: /user name or password/ });
    expect(JSON.stringify(withPassword)).not.toContain('hunter2');
  });
});
