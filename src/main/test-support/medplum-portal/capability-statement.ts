import type {
  CapabilityStatement,
  ResourceType,
  CapabilityStatementRestResource,
  CapabilityStatementRestResourceSearchParam,
} from '@medplum/fhirtypes';
import { SYNC_FEEDS } from '../../sync/sync-engine';

/**
 * The feeds the desk reads, the clinic itself, and the audit records the desk copies there. The
 * router serves any type; these are the ones stated.
 */
export const STATED_TYPES: readonly ResourceType[] = [...SYNC_FEEDS, 'Organization', 'AuditEvent'];

/**
 * Only parameters medplum-portal.test.ts shows the MemoryRepository filtering or ordering by. An
 * unknown parameter there matches nothing (rather than being ignored), so over-stating would make a
 * client's search come back empty instead of failing.
 */
const SEARCH_PARAMS: CapabilityStatementRestResourceSearchParam[] = [
  { name: '_id', type: 'token', documentation: 'Comma-separated values are OR.' },
  { name: '_lastUpdated', type: 'date', documentation: 'Prefixes eq, gt, ge, lt, le; repeat for a range.' },
  { name: 'identifier', type: 'token', documentation: 'system|value' },
  { name: '_tag', type: 'token', documentation: 'system|code' },
  {
    name: '_sort',
    type: 'special',
    documentation: 'One key: _lastUpdated or -_lastUpdated. Several keys are applied last-first (the last wins).',
  },
  {
    name: '_count',
    type: 'number',
    documentation: 'Page size. There are no next links: Bundle.total counts every match, _offset skips.',
  },
];

/** What the router's routes do (fhirrouter.ts); no `history-type` or `history-system`: neither is routed. */
const INTERACTIONS: CapabilityStatementRestResource['interaction'] = [
  { code: 'read' },
  { code: 'vread' },
  { code: 'update' },
  { code: 'patch' },
  { code: 'delete' },
  { code: 'history-instance' },
  { code: 'create' },
  { code: 'search-type' },
];

const DOCUMENTATION = [
  "Medplum 4.5.2's FhirRouter over its MemoryRepository, behind a test wrapper (src/main/test-support/medplum-portal/README.md lists its deviations).",
  'No _include, no paging links, no type- or system-level _history, no validation, no referential integrity.',
  'If-Match is checked on PUT only: PATCH ignores it, alone and inside a transaction. If-None-Match is ignored.',
  'A transaction stops at its first failing entry and answers that error, but entries before it stay written.',
].join(' ');

export function capabilityStatement(baseUrl: string, date: Date): CapabilityStatement {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: date.toISOString(),
    kind: 'instance',
    software: { name: 'Medplum fhir-router (MemoryRepository) test portal', version: '4.5.2' },
    implementation: { description: 'Independent FHIR R4 server for Triage Desk tests', url: baseUrl },
    fhirVersion: '4.0.1',
    format: ['json', 'application/fhir+json'],
    patchFormat: ['application/json-patch+json'],
    rest: [
      {
        mode: 'server',
        documentation: DOCUMENTATION,
        interaction: [{ code: 'transaction' }, { code: 'batch' }],
        resource: STATED_TYPES.map((type): CapabilityStatementRestResource => ({
          type,
          interaction: INTERACTIONS,
          // PUT honours If-Match (412 when stale); PATCH does not (see DOCUMENTATION).
          versioning: 'versioned-update',
          readHistory: true,
          // PUT to an unknown id creates it, though answering 200 rather than 201.
          updateCreate: true,
          conditionalCreate: true,
          conditionalRead: 'not-supported',
          conditionalUpdate: true,
          conditionalDelete: 'single',
          // Literal references are stored as given and never checked.
          referencePolicy: ['literal'],
          searchParam: SEARCH_PARAMS,
        })),
      },
    ],
  };
}
