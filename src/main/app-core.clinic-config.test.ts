import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Resource } from '@medplum/fhirtypes';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CLINIC_POLICY, parseClinicPolicy } from '../domain/business-hours/clinic-policy';
import type { ClinicPolicy } from '../domain/business-hours/clinic-policy';
import { dueAt } from '../domain/business-hours/due-at';
import { nextLiveMessage } from '../demo-clinic/live';
import { DEFAULT_RULES } from '../domain/triage/default-rules';
import type { TriageRules } from '../domain/triage/rules-schema';
import type { Priority, WorkType } from '../shared/work-item';
import { startAppCore } from './app-core';
import { calendarOf } from './cache/derivation-config';
import type { AppCore, AppCoreOptions } from './app-core';
import { CLINIC_POLICY_FILE, TRIAGE_RULES_FILE } from './settings/clinic-config';
import { DEMO_NOW, testCoreOptions } from './test-support/app-core-options';

const cores: AppCore[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const core of cores.splice(0).reverse()) await core.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function optionsFor(files: Record<string, unknown> = {}, over: Partial<AppCoreOptions> = {}): AppCoreOptions {
  const dir = mkdtempSync(join(tmpdir(), 'triage-desk-clinic-'));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), JSON.stringify(content));
  return testCoreOptions(dir, { log: () => undefined, ...over });
}

async function start(options: AppCoreOptions): Promise<AppCore> {
  const core = await startAppCore(options);
  cores.push(core);
  return core;
}

/** A Pacific clinic that answers routine items within a day and urgent ones within two hours. */
const PACIFIC = {
  timeZone: 'America/Los_Angeles',
  policyVersion: 'tripler-west-3',
  targets: { byPriority: { routine: { businessDays: 1 }, urgent: { businessHours: 2 } } },
};
const pacificPolicy = (): ClinicPolicy => {
  const parsed = parseClinicPolicy(PACIFIC);
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  return parsed.policy;
};

const TOES = 'Since this morning my toes turned purple and cold.';
/** The defaults plus one emergency phrase, as a clinic's tuned triage-rules.json would be. */
const TUNED_RULES: TriageRules = {
  ...DEFAULT_RULES,
  version: 'tripler-rules-2',
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

type ItemRow = { id: string; received_at: number; work_type: string; priority: string; due_at: number | null };
const expectedDue = (row: ItemRow, policy: ClinicPolicy, priority = row.priority): number =>
  dueAt(
    { received: row.received_at, workType: row.work_type as WorkType, priority: priority as Priority },
    calendarOf(policy),
    policy.targets,
  ).dueAtMs;

const items = (core: AppCore) =>
  core.cache.db
    .selectFrom('work_item')
    .select(['id', 'received_at', 'work_type', 'priority', 'due_at', 'due_policy', 'is_open', 'emergency'])
    .orderBy('id')
    .execute();

const item = (core: AppCore, id: string) =>
  core.cache.db
    .selectFrom('work_item')
    .select(['id', 'received_at', 'work_type', 'priority', 'due_at', 'due_policy', 'emergency', 'emergency_kind'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

/** A new patient message on the embedded portal with the given words; returns its work item's id. */
function portalMessage(core: AppCore, n: number, words: string): string {
  const portal = core.portal!;
  const message = nextLiveMessage(portal.clinic, n, DEMO_NOW);
  const resources: Resource[] = message.resources.map((r) =>
    r.resourceType === 'Communication' && r.payload !== undefined ? { ...r, payload: [{ contentString: words }] } : r,
  );
  portal.simulator.store.transaction(() => {
    for (const resource of resources) portal.simulator.store.create(resource, { id: resource.id });
  });
  return message.task.id!;
}

describe("the app core with a clinic's settings files", () => {
  it("derives every due time from the clinic's policy: synced, changed on this desk, and confirmed by the portal", async () => {
    const core = await start(optionsFor({ [CLINIC_POLICY_FILE]: PACIFIC }));
    await core.handlers['sync:now']({});
    const policy = pacificPolicy();

    const synced = (await items(core)).filter((r) => r.due_policy !== null);
    expect(synced.length).toBeGreaterThan(100);
    expect(new Set(synced.map((r) => r.due_policy))).toEqual(new Set(['tripler-west-3']));
    for (const row of synced) expect(row.due_at, row.id).toBe(expectedDue(row, policy));
    // Not the built-in clock by another name: the Pacific day and targets move due times.
    expect(synced.filter((r) => r.due_at !== expectedDue(r, DEFAULT_CLINIC_POLICY)).length).toBeGreaterThan(
      synced.length / 2,
    );

    const routine = synced.find((r) => r.is_open === 1 && r.priority === 'routine' && r.emergency === 0)!;
    const detail = await core.handlers['item:get']({ id: routine.id });
    expect(detail.due).toEqual({ dueAt: routine.due_at, target: '1 business day', policyVersion: 'tripler-west-3' });

    // A priority changed on this desk is due by the same policy at once…
    await core.handlers['item:act']({ id: routine.id, kind: 'priority', payload: { priority: 'urgent' } });
    const local = await item(core, routine.id);
    expect(local).toMatchObject({ priority: 'urgent', due_policy: 'tripler-west-3' });
    expect(local.due_at).toBe(expectedDue(routine, policy, 'urgent'));
    expect(local.due_at).not.toBe(expectedDue(routine, DEFAULT_CLINIC_POLICY, 'urgent'));
    expect((await core.handlers['item:get']({ id: routine.id })).due?.target).toBe('2 business hours');

    // …and still after the portal confirms it and the sync reads it back.
    await core.handlers['sync:now']({});
    const sent = await core.cache.db.selectFrom('outbox_action').select('state').execute();
    expect(sent).toEqual([{ state: 'synced' }]);
    const confirmed = await item(core, routine.id);
    expect(confirmed).toMatchObject({ priority: 'urgent', due_policy: 'tripler-west-3', due_at: local.due_at });
  });

  it('starts on the built-in policy when the file is invalid, and says why in the log and the diagnostics', async () => {
    const logged: string[] = [];
    const bad = { ...PACIFIC, timeZone: 'America/Nowhere', hours: { monday: ['7:30-12'] } };
    const core = await start(
      optionsFor({ [CLINIC_POLICY_FILE]: bad }, { log: (message: string) => void logged.push(message) }),
    );
    await core.handlers['sync:now']({});

    const synced = (await items(core)).filter((r) => r.due_policy !== null);
    expect(synced.length).toBeGreaterThan(100);
    expect(new Set(synced.map((r) => r.due_policy))).toEqual(new Set(['default-1']));

    const { configProblems } = await core.handlers['diagnostics:get']({});
    expect(configProblems[0]).toMatch(/^clinic-policy\.json is not used/);
    expect(configProblems).toContainEqual(expect.stringMatching(/^clinic-policy\.json: timeZone: "America\/Nowhere"/));
    expect(configProblems).toContainEqual(expect.stringMatching(/^clinic-policy\.json: hours\.monday\[0\]: /));
    expect(logged).toEqual(configProblems.map((problem) => `[clinic config] ${problem}`));
  });

  it('re-derives the cache when the files change between two starts: tuned rules flag a message, the policy moves due times', async () => {
    const options = optionsFor();
    let core = await start(options);
    await core.handlers['sync:now']({});
    const toes = portalMessage(core, 9101, TOES);
    await core.handlers['sync:now']({});
    expect(await item(core, toes)).toMatchObject({ emergency: 0, due_policy: 'default-1' });
    expect((await core.handlers['diagnostics:get']({})).configProblems).toEqual([]);
    await core.close();
    cores.length = 0;

    writeFileSync(join(options.dataDir, TRIAGE_RULES_FILE), JSON.stringify(TUNED_RULES));
    writeFileSync(join(options.dataDir, CLINIC_POLICY_FILE), JSON.stringify(PACIFIC));
    core = await start(options);
    // Before any sync: the start itself recomputed what the cache held.
    const flagged = await item(core, toes);
    expect(flagged).toMatchObject({ emergency: 1, emergency_kind: 'medical', due_policy: 'tripler-west-3' });
    expect(flagged.due_at).toBe(expectedDue(flagged, pacificPolicy()));
    expect((await core.handlers['item:get']({ id: toes })).item.emergency).toMatchObject({ kind: 'medical' });
    const message = await core.cache.db
      .selectFrom('message')
      .select(['emergency', 'triage'])
      .where('body', '=', TOES)
      .executeTakeFirstOrThrow();
    expect(message.emergency).toBe(1);
    expect(message.triage).toContain('Toes turning purple');

    // An edit that keeps the version names still counts: the content is in the fingerprint.
    await core.close();
    cores.length = 0;
    const sameNames = { ...PACIFIC, timeZone: 'America/New_York' };
    writeFileSync(join(options.dataDir, CLINIC_POLICY_FILE), JSON.stringify(sameNames));
    core = await start(options);
    const eastern = parseClinicPolicy(sameNames);
    if (!eastern.ok) throw new Error('the test policy is invalid');
    expect((await item(core, toes)).due_at).toBe(expectedDue(flagged, eastern.policy));
  });
});
