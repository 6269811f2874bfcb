import type { Resource } from '@medplum/fhirtypes';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CLINIC_POLICY } from '../../domain/business-hours/clinic-policy';
import { DEFAULT_RULES } from '../../domain/triage/default-rules';
import type { TriageRules } from '../../domain/triage/rules-schema';
import { openTestDatabase } from '../db/test-database';
import { DEFAULT_DERIVATION, DERIVATION_STATE, derivationFingerprint } from './derivation-config';
import type { DerivationConfig } from './derivation-config';
import { ensureDerived } from './rederive';
import type { DeriveProgress } from './rederive';
import { storeResources } from './store-resources';
import { patientMessage, threadTask } from './test-support/fhir-builders';

type TestDb = Awaited<ReturnType<typeof openTestDatabase>>;
let cache: TestDb;
beforeEach(async () => {
  cache = await openTestDatabase();
});
afterEach(() => cache.dispose());

const store = (resources: Resource[]) => cache.db.transaction().execute((trx) => storeResources(trx, resources));
const item = () => cache.db.selectFrom('work_item').selectAll().where('id', '=', 'task-1').executeTakeFirstOrThrow();
const fingerprint = async () =>
  (await cache.db.selectFrom('derived_state').select('value').where('name', '=', DERIVATION_STATE).executeTakeFirst())
    ?.value;

const TOES = 'Since this morning my toes turned purple and cold.';
const thread = () => [threadTask('task-1', 'msg-1'), patientMessage('msg-1', TOES)];

/** The defaults plus one emergency phrase, as a clinic's tuned file would be. */
const tunedRules: TriageRules = {
  ...DEFAULT_RULES,
  version: 'harbor-point-2',
  emergencies: [
    ...DEFAULT_RULES.emergencies,
    {
      id: 'purple-toes',
      label: 'Toes turning purple',
      kind: 'medical',
      family: 'other',
      tier: 'emergency',
      firm: false,
      raise: [],
      phrases: ['toes turned purple'],
    },
  ],
};

describe('ensureDerived', () => {
  it('writes the fingerprint on a fresh cache and is then a no-op', async () => {
    await store(thread());
    expect(await ensureDerived(cache.db)).toBe(true);
    expect(await fingerprint()).toBe(derivationFingerprint(DEFAULT_DERIVATION));
    // A no-op leaves even a hand-made change in place: nothing was recomputed.
    await cache.db.updateTable('work_item').set({ category: 'sentinel' }).execute();
    expect(await ensureDerived(cache.db)).toBe(false);
    expect((await item()).category).toBe('sentinel');
  });

  it('recomputes triage, due times and the items when the rules or the policy change', async () => {
    await store(thread());
    await ensureDerived(cache.db);
    const before = await item();
    expect(before.emergency).toBe(0);

    const policy = {
      calendar: { ...DEFAULT_CLINIC_POLICY.calendar, policyVersion: 'harbor-point-2' },
      targets: { byPriority: { routine: { businessHours: 1 } }, byWorkType: {} },
    };
    const tuned: DerivationConfig = { rules: tunedRules, policy };
    const progress: DeriveProgress[] = [];
    expect(await ensureDerived(cache.db, tuned, (p) => progress.push(p))).toBe(true);

    const after = await item();
    expect(after).toMatchObject({ emergency: 1, emergency_kind: 'medical', due_policy: 'harbor-point-2' });
    // Received Friday 09:00 in New York: one business hour later.
    expect(after.due_at).toBe(Date.parse('2026-11-20T15:00:00Z'));
    const message = await cache.db.selectFrom('message').select(['emergency', 'triage']).executeTakeFirstOrThrow();
    expect(message.emergency).toBe(1);
    expect(message.triage).toContain('purple');
    expect(progress.at(-1)).toEqual({ phase: 'index', done: 1, total: 1 });
    expect(progress.some((p) => p.phase === 'project' && p.done === 2 && p.total === 2)).toBe(true);
    expect(await fingerprint()).toBe(derivationFingerprint(tuned));
  });

  it('fills in a cache migrated from before triage: columns, search rows and pool leads', async () => {
    await store([
      ...thread(),
      {
        resourceType: 'CareTeam',
        id: 'pool-nursing',
        meta: { versionId: '1', lastUpdated: '2026-11-20T10:00:00.000Z' },
        participant: [
          { member: { reference: 'Practitioner/rn-harper' }, role: [{ coding: [{ system: 'x', code: 'y' }] }] },
        ],
      },
    ]);
    // What migration 5 leaves behind in an older cache: new columns at their defaults, no index.
    await sql`UPDATE work_item SET due_policy = NULL, portal_due_at = NULL, category = NULL`.execute(cache.db);
    await sql`UPDATE message SET triage = NULL`.execute(cache.db);
    await sql`DELETE FROM item_search`.execute(cache.db);
    await sql`UPDATE pool_member SET lead = 1`.execute(cache.db);

    expect(await ensureDerived(cache.db)).toBe(true);
    expect(await item()).toMatchObject({ due_policy: 'default-1', category: 'clinical-question' });
    const hits = cache.sqlite.prepare(`SELECT work_item_id FROM item_search WHERE item_search MATCH 'purple'`).all();
    expect(hits).toEqual([{ work_item_id: 'task-1' }]);
    expect(await cache.db.selectFrom('pool_member').select('lead').executeTakeFirstOrThrow()).toEqual({ lead: 0 });
  });
});
