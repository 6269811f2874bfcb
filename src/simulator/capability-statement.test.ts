import { validateResource } from '@medplum/core';
import { describe, expect, it } from 'vitest';
import { capabilityStatement } from './capability-statement';
import { SEARCH_PARAMS } from './search/param-definitions';
import { SUPPORTED_TYPES } from './supported-types';
import { loadFhirDefinitions } from './validation';

describe('capabilityStatement', () => {
  const statement = capabilityStatement('http://127.0.0.1:1234', new Date('2026-11-27T14:00:00Z'));
  const resources = statement.rest?.[0]?.resource ?? [];

  it('is valid R4', () => {
    loadFhirDefinitions();
    expect(() => validateResource(statement)).not.toThrow();
  });

  it('lists exactly the served types, each with exactly its search parameters and reference includes', () => {
    expect(resources.map((r) => r.type)).toEqual([...SUPPORTED_TYPES]);
    for (const r of resources) {
      const params = SEARCH_PARAMS[r.type as (typeof SUPPORTED_TYPES)[number]];
      expect(r.searchParam?.map((p) => p.name)).toEqual(['_id', '_lastUpdated', ...params.map((p) => p.name)]);
      expect(r.searchInclude ?? []).toEqual(
        params.filter((p) => p.type === 'reference').map((p) => `${r.type}:${p.name}`),
      );
    }
  });
});
