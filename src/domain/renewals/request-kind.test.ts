import { describe, expect, it } from 'vitest';
import { classifyRequest } from './request-kind';

const NOW = Date.parse('2026-11-27T12:00:00Z');
const HOUR = 3_600_000;
const med = (refillsLeft: number, validUntil: number | string) => ({
  name: 'Lisinopril 10 mg tablet',
  refillsLeft,
  validUntil,
});

describe('classifyRequest', () => {
  it('is a refill with refills left and validity ahead, pointing at the pharmacy', () => {
    const r = classifyRequest(med(2, '2027-03-01'), NOW);
    expect(r.kind).toBe('refill');
    expect(r.reason).toBe(
      'Lisinopril 10 mg tablet has 2 refills left, valid through 2027-03-01: the pharmacy refill line or mail order can fill it without the PCM.',
    );
  });

  it('is a renewal with no refills left', () => {
    const r = classifyRequest(med(0, '2027-03-01'), NOW);
    expect(r).toMatchObject({ kind: 'renewal', noRefills: true, expired: false });
    expect(r.reason).toBe('Lisinopril 10 mg tablet: no refills left, so it needs a new prescription from the PCM.');
  });

  it('is a renewal when expired, even with refills left', () => {
    const r = classifyRequest(med(3, '2026-11-01'), NOW);
    expect(r).toMatchObject({ kind: 'renewal', noRefills: false, expired: true });
    expect(r.reason).toContain('expired (valid through 2026-11-01)');
  });

  it('names both reasons', () => {
    expect(classifyRequest(med(0, '2026-11-01'), NOW).reason).toContain('no refills left and expired');
  });

  it('treats a bare date of today as valid through the end of today', () => {
    const r = classifyRequest(med(1, '2026-11-27'), NOW);
    expect(r.kind).toBe('refill');
    expect(r.reason).toContain('1 refill left, valid through today');
  });

  it('treats an instant as the end: valid just before, expired at it', () => {
    expect(classifyRequest(med(1, NOW + HOUR), NOW).kind).toBe('refill');
    expect(classifyRequest(med(1, NOW), NOW)).toMatchObject({ kind: 'renewal', expired: true });
    expect(classifyRequest(med(1, new Date(NOW - 1).toISOString()), NOW).kind).toBe('renewal');
  });

  it('reads nonsense refill counts as none', () => {
    expect(classifyRequest(med(Number.NaN, '2027-03-01'), NOW).kind).toBe('renewal');
    expect(classifyRequest(med(-2, '2027-03-01'), NOW).kind).toBe('renewal');
  });
});
