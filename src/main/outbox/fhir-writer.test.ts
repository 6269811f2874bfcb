import type { AuditEvent } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { FhirWriter, idInLocation } from './fhir-writer';

describe('idInLocation', () => {
  it('reads the id from the forms servers send', () => {
    expect(idInLocation('https://portal.example/fhir/AuditEvent/abc/_history/1', 'AuditEvent')).toBe('abc');
    expect(idInLocation('AuditEvent/abc', 'AuditEvent')).toBe('abc');
    expect(idInLocation('/fhir/AuditEvent/a%2Fb?x=1', 'AuditEvent')).toBe('a/b');
  });

  it('gives none where the header names no resource of that type', () => {
    expect(idInLocation(undefined, 'AuditEvent')).toBeNull();
    expect(idInLocation('https://portal.example/fhir/Task/abc', 'AuditEvent')).toBeNull();
    expect(idInLocation('https://portal.example/fhir/AuditEvent/', 'AuditEvent')).toBeNull();
    expect(idInLocation('https://portal.example/fhir/AuditEvent/_history/2', 'AuditEvent')).toBeNull();
  });
});

describe('FhirWriter.create', () => {
  const event: AuditEvent = {
    resourceType: 'AuditEvent',
    type: { code: 'rest' },
    recorded: '2026-12-07T12:00:00Z',
    agent: [{ requestor: true }],
    source: { observer: { display: 'desk' } },
  };

  it('answers the id the Location names where the server returns no body (Prefer ignored)', async () => {
    const writer = new FhirWriter({
      baseUrl: 'https://portal.example/fhir',
      fetch: () =>
        Promise.resolve(
          new Response(null, {
            status: 201,
            headers: { Location: 'https://portal.example/fhir/AuditEvent/srv-1/_history/1' },
          }),
        ),
    });
    expect(await writer.create(event)).toEqual({ kind: 'created', resource: null, id: 'srv-1' });
  });

  it('answers the stored copy and its id where the server returns one', async () => {
    const stored = { ...event, id: 'srv-2' };
    const writer = new FhirWriter({
      baseUrl: 'https://portal.example/fhir',
      fetch: () =>
        Promise.resolve(
          new Response(JSON.stringify(stored), {
            status: 201,
            headers: { 'Content-Type': 'application/fhir+json' },
          }),
        ),
    });
    expect(await writer.create(event)).toEqual({ kind: 'created', resource: stored, id: 'srv-2' });
  });
});

describe('FhirWriter.taskHistory', () => {
  const version = (id: string, lastUpdated?: string) => ({
    resource: {
      resourceType: 'Task',
      id: 't',
      status: 'requested',
      intent: 'order',
      meta: { versionId: id, ...(lastUpdated === undefined ? {} : { lastUpdated }) },
    },
  });

  it('lists versions newest first whatever order the server gives, undated ones last', async () => {
    const entries = [
      version('2', '2026-12-07T10:00:00Z'),
      version('x'),
      version('3', '2026-12-07T11:00:00Z'),
      version('1', '2026-12-07T09:00:00Z'),
      version('y'),
    ];
    const writer = new FhirWriter({
      baseUrl: 'https://portal.example/fhir',
      fetch: () =>
        Promise.resolve(
          new Response(JSON.stringify({ resourceType: 'Bundle', type: 'history', entry: entries }), { status: 200 }),
        ),
    });
    const history = await writer.taskHistory('t');
    expect(Array.isArray(history) && history.map((t) => t.meta?.versionId)).toEqual(['3', '2', '1', 'x', 'y']);
  });
});
