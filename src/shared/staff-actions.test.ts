import { describe, expect, it } from 'vitest';
import { parseAction } from './staff-actions';

const refusal = (kind: string, payload: unknown): string => {
  try {
    parseAction(kind, payload);
  } catch (error) {
    return String(error);
  }
  return 'accepted';
};

describe('staff action payloads', () => {
  it('refuse text a FHIR string cannot hold, before the desk says "saved"', () => {
    for (const text of [
      'Call back\u0000',
      'bell\u0007',
      'escape \u001b[31m',
      'del\u007f',
      'lone \ud800 surrogate',
      'lone \udc00',
    ]) {
      expect(refusal('reply', { text }), JSON.stringify(text)).toMatch(/control characters the portal cannot store/);
    }
    // Tabs, line breaks and real astral characters (a pasted emoji) are text.
    for (const text of ['Line one\nLine two', 'a\tb', 'Windows\r\nline', 'Thanks 👍', 'Café — ½ tab']) {
      expect(refusal('reply', { text }), JSON.stringify(text)).toBe('accepted');
    }
    expect(refusal('note', { text: 'x\u0001' })).toMatch(/control characters/);
    expect(refusal('deny', { reason: 'Needs a visit', reply: 'Please \u0002 book' })).toMatch(/control characters/);
  });

  it('assign to a person and route to a pool, never the other way round', () => {
    expect(refusal('assign', { to: 'Practitioner/rn-osei' })).toBe('accepted');
    expect(refusal('assign', { to: 'CareTeam/pool-nursing' })).toMatch(/must name a Practitioner/);
    expect(refusal('assign', { to: 'PractitionerRole/role-1' })).toMatch(/must name a Practitioner/);
    expect(refusal('route', { pool: 'CareTeam/pool-pharmacy', reason: 'Pharmacy question' })).toBe('accepted');
    expect(refusal('route', { pool: 'Practitioner/rn-osei', reason: 'To her' })).toMatch(/must name a pool/);
  });
});
