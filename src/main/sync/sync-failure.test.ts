import { describe, expect, it } from 'vitest';
import { FhirHttpError, RetriesExhaustedError } from './fhir-client';
import { describeSyncFailure } from './sync-failure';

const PORTAL = 'https://portal.example.mil/fhir';

describe('describeSyncFailure', () => {
  it('calls only unanswered requests "offline"', () => {
    const network = new RetriesExhaustedError('x', { cause: new Error('network: connect ECONNREFUSED') });
    const busy = new RetriesExhaustedError('x', { cause: new Error('HTTP 503') });
    expect(describeSyncFailure(network, PORTAL)).toMatchObject({
      offline: true,
      problem: { message: 'Cannot reach the portal at portal.example.mil.' },
    });
    expect(describeSyncFailure(busy, PORTAL)).toMatchObject({
      offline: false,
      problem: { message: 'The portal at portal.example.mil is answering with errors (HTTP 503).' },
    });
  });

  it('does not call an untrusted certificate "offline": IT has a root to install', () => {
    for (const detail of [
      'net::ERR_CERT_AUTHORITY_INVALID',
      'fetch failed: self-signed certificate in certificate chain',
    ]) {
      const untrusted = new RetriesExhaustedError('x', { cause: new Error(`network: ${detail}`) });
      expect(describeSyncFailure(untrusted, PORTAL), detail).toMatchObject({
        offline: false,
        problem: { message: `The portal's certificate is not trusted on this computer (${detail}).` },
      });
      expect(describeSyncFailure(untrusted, PORTAL).problem.action).toContain('root');
    }
  });

  it('sends people to the right fix for refused access and a wrong address', () => {
    const refused = describeSyncFailure(new FhirHttpError('HTTP 401', 401, `${PORTAL}/Task`), PORTAL);
    expect(refused.problem.action).toContain('Sign in again');
    const notFhir = describeSyncFailure(new FhirHttpError('HTTP 404', 404, `${PORTAL}/metadata`), PORTAL);
    expect(notFhir.problem.message).toBe(`${PORTAL} does not look like a FHIR portal (no /metadata).`);
    expect(notFhir.problem.action).toContain('portal address');
  });

  it('says a local failure is local, and that nothing saved is lost', () => {
    const disk = describeSyncFailure(new Error('SQLITE_FULL: database or disk is full'), PORTAL);
    expect(disk.offline).toBe(false);
    expect(disk.problem.message).toContain('SQLITE_FULL');
    expect(disk.problem.action).toContain('Nothing already saved is lost');
  });
});
