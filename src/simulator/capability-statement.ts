import type {
  CapabilityStatement,
  CapabilityStatementRestSecurity,
  CapabilityStatementRestResource,
  CapabilityStatementRestResourceSearchParam,
} from '@medplum/fhirtypes';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './search/parse-search';
import { SEARCH_PARAMS } from './search/param-definitions';
import { SUPPORTED_TYPES } from './supported-types';

const COMMON_PARAMS: CapabilityStatementRestResourceSearchParam[] = [
  { name: '_id', type: 'token', documentation: 'Logical id; comma-separated values are OR.' },
  {
    name: '_lastUpdated',
    type: 'date',
    documentation: 'Prefixes eq, gt, ge, lt, le; repeat for a range. Times without a zone are UTC.',
  },
];

const INSTANCE_AND_TYPE_INTERACTIONS: CapabilityStatementRestResource['interaction'] = [
  { code: 'read' },
  { code: 'vread' },
  { code: 'update' },
  { code: 'patch' },
  { code: 'delete' },
  { code: 'history-instance' },
  { code: 'history-type' },
  { code: 'create' },
  { code: 'search-type' },
];

const DOCUMENTATION = [
  `Search: _sort=_lastUpdated|-_lastUpdated (default: lastUpdated, then id), _count (default ${DEFAULT_PAGE_SIZE}, at most ${MAX_PAGE_SIZE}), Bundle.total always exact.`,
  'Pages after the first are served from a snapshot taken at page one (follow Bundle.link next as given): concurrent writes neither skip nor repeat entries; a snapshot lives 30 minutes, then its links answer 410.',
  'Unknown search parameters answer 400 unless Prefer: handling=lenient, which ignores them with a warning entry.',
  'Writes: If-Match W/"n" (412 when stale), If-None-Exist on create (200 with the one match, 412 on several), Prefer: return=minimal|representation|OperationOutcome. Update creates a missing resource under the client id.',
  "Literal references to the types served here must resolve (422). The acting staff member is the bearer token's Practitioner when sign-in is required; otherwise the optional X-Practitioner: Practitioner/<id> header names one.",
].join(' ');

/** What this server really does, derived from the same tables the search and write code use. */
export function capabilityStatement(
  baseUrl: string,
  date: Date,
  security?: CapabilityStatementRestSecurity,
): CapabilityStatement {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: date.toISOString(),
    publisher: 'Triage Desk',
    kind: 'instance',
    software: { name: 'Triage Desk portal simulator', version: '0.1.0' },
    implementation: { description: 'Simulated clinic patient portal (FHIR R4)', url: baseUrl },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    patchFormat: ['application/json-patch+json'],
    rest: [
      {
        mode: 'server',
        documentation: DOCUMENTATION,
        ...(security === undefined ? {} : { security }),
        interaction: [{ code: 'transaction' }, { code: 'batch' }, { code: 'history-system' }],
        searchParam: COMMON_PARAMS,
        resource: SUPPORTED_TYPES.map((type): CapabilityStatementRestResource => {
          const params = SEARCH_PARAMS[type];
          const includes = params.filter((p) => p.type === 'reference').map((p) => `${type}:${p.name}`);
          return {
            type,
            interaction: INSTANCE_AND_TYPE_INTERACTIONS,
            versioning: 'versioned-update',
            readHistory: true,
            updateCreate: true,
            conditionalCreate: true,
            conditionalRead: 'not-match',
            conditionalUpdate: false,
            conditionalDelete: 'not-supported',
            referencePolicy: ['literal', 'local', 'enforced'],
            ...(includes.length > 0 ? { searchInclude: includes } : {}),
            searchParam: [
              ...COMMON_PARAMS,
              ...params.map((p) => ({
                name: p.name,
                type: p.type,
                ...(p.type === 'string'
                  ? { documentation: 'Prefix match, case- and accent-insensitive; :exact supported.' }
                  : {}),
              })),
            ],
          };
        }),
      },
    ],
  };
}

/** SMART App Launch's CapabilityStatement pointer to the authorization server (the oauth-uris extension). */
export function smartSecurity(endpoints: {
  authorize: string;
  token: string;
  revoke?: string;
}): CapabilityStatementRestSecurity {
  return {
    service: [
      {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'SMART-on-FHIR' }],
        text: 'OAuth2 using SMART-on-FHIR profile (see /.well-known/smart-configuration)',
      },
    ],
    extension: [
      {
        url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
        extension: [
          { url: 'authorize', valueUri: endpoints.authorize },
          { url: 'token', valueUri: endpoints.token },
          ...(endpoints.revoke === undefined ? [] : [{ url: 'revoke', valueUri: endpoints.revoke }]),
        ],
      },
    ],
  };
}
