import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { FhirError } from '../errors';
import { parseSearch } from '../search/parse-search';
import { FhirStore } from './fhir-store';
import { openStoreDatabase } from './open-store-database';

const dir = mkdtempSync(join(tmpdir(), 'portal-sim-prop-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Op =
  | { kind: 'put'; id: string; gender: 'male' | 'female' }
  | { kind: 'patch'; id: string; gender: 'male' | 'female' }
  | { kind: 'delete'; id: string }
  | { kind: 'stale-put'; id: string };

const ids = fc.constantFrom('a', 'b', 'c', 'd');
const gender = fc.constantFrom('male' as const, 'female' as const);
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('put' as const), id: ids, gender }),
  fc.record({ kind: fc.constant('patch' as const), id: ids, gender }),
  fc.record({ kind: fc.constant('delete' as const), id: ids }),
  fc.record({ kind: fc.constant('stale-put' as const), id: ids }),
);

interface Model {
  versions: number;
  live: boolean;
  gender?: string;
}

let run = 0;

describe('random create/update/patch/delete sequences', () => {
  it('keep current, history and the search index consistent with a simple model', () => {
    fc.assert(
      fc.property(
        fc.array(op, { minLength: 1, maxLength: 40 }),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 40, maxLength: 40 }),
        (ops, steps) => {
          let clock = Date.parse('2026-11-27T14:00:00.000Z');
          const db = openStoreDatabase(join(dir, `run-${run++}.db`));
          const store = new FhirStore(db, { validate: false, now: () => new Date(clock) });
          const model = new Map<string, Model>();
          try {
            ops.forEach((o, i) => {
              // Some writes share a millisecond, some are apart, as on a busy server.
              clock += steps[i] ?? 0;
              const m = model.get(o.id) ?? { versions: 0, live: false };
              const attempt = () => {
                switch (o.kind) {
                  case 'put':
                    store.update({
                      resourceType: 'Patient',
                      id: o.id,
                      gender: o.gender,
                      identifier: [{ system: 'urn:g', value: o.gender }],
                    });
                    return { versions: m.versions + 1, live: true, gender: o.gender };
                  case 'patch':
                    store.patch('Patient', o.id, [
                      { op: 'add', path: '/gender', value: o.gender },
                      { op: 'add', path: '/identifier', value: [{ system: 'urn:g', value: o.gender }] },
                    ]);
                    return { versions: m.versions + 1, live: true, gender: o.gender };
                  case 'delete':
                    store.delete('Patient', o.id);
                    return m.live ? { versions: m.versions + 1, live: false } : m;
                  case 'stale-put':
                    store.update({ resourceType: 'Patient', id: o.id }, { ifMatch: m.versions + 7 });
                    return m;
                }
              };
              let expected: Model;
              try {
                expected = attempt();
              } catch (error) {
                expect(error).toBeInstanceOf(FhirError);
                const status = (error as FhirError).status;
                // What the model says must fail: patch/delete of a missing id, patch of a deleted one, a stale If-Match.
                const mustFail =
                  o.kind === 'stale-put' || (o.kind !== 'put' && m.versions === 0) || (o.kind === 'patch' && !m.live);
                expect(mustFail, `${o.kind} ${o.id} failed with ${status}`).toBe(true);
                expected = m;
              }
              if (expected.versions > 0) model.set(o.id, expected);
            });

            for (const [id, m] of model) {
              const current = store.tables.current('Patient', id);
              expect(current?.versionId).toBe(m.versions);
              expect(current?.deleted).toBe(!m.live);
              const history = store.history({ type: 'Patient', id, offset: 0, count: 1000 });
              expect(history.rows.map((r) => r.versionId)).toEqual(
                Array.from({ length: m.versions }, (_, k) => m.versions - k),
              );
              if (m.live)
                expect(store.read('Patient', id)).toMatchObject({
                  gender: m.gender,
                  meta: { versionId: String(m.versions) },
                });
            }
            const all = store.history({ offset: 0, count: 1000 });
            const bySeq = [...all.rows].sort((x, y) => x.seq - y.seq).map((r) => r.lastUpdated);
            expect(bySeq).toEqual([...bySeq].sort());
            for (const g of ['male', 'female']) {
              // Through the search index, which every write must have refreshed.
              const found = store.search.matches(parseSearch('Patient', [['identifier', `urn:g|${g}`]]), 0, 100);
              const expected = [...model]
                .filter(([, m]) => m.live && m.gender === g)
                .map(([id]) => id)
                .sort();
              expect(found.map((e) => e.id).sort()).toEqual(expected);
            }
          } finally {
            db.close();
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
