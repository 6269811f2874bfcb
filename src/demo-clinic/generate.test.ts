import type { Communication, Resource } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { OPEN_STATUSES, WORK_TYPES } from '../shared/work-item';
import type { TaskStatus } from '../shared/work-item';
import {
  BENEFICIARY_CATEGORY_EXT,
  PCM_TEAM_EXT,
  STAFF_ROLE_SYSTEM,
  TASK_POOL_EXT,
  TRICARE_PLAN_EXT,
  TRICARE_REGION_EXT,
  WORK_TYPE_SYSTEM,
} from '../domain/fhir/codes';
import { clinicShape, generateClinic } from './generate';
import { givenNamesFor } from './names';
import { DEMO_TARGET_HOURS } from './tasks';
import { danglingReferences, duplicateKeys, index, ofType } from './test-support/resource-graph';

const NOW = new Date('2026-11-27T15:00:00Z');
const now = NOW.getTime();
const HOUR = 3_600_000;
const small = generateClinic({ seed: 7, now: NOW, size: 'small' });
const tasks = ofType(small.resources, 'Task');
const isOpen = (status: string) => OPEN_STATUSES.includes(status as TaskStatus);
const ext = (r: { extension?: { url: string; valueCode?: string }[] }, url: string) =>
  r.extension?.find((e) => e.url === url)?.valueCode;

describe('generateClinic', () => {
  it('is deterministic for a seed and a clock', () => {
    const again = generateClinic({ seed: 7, now: NOW, size: 'small' });
    expect(again.resources).toEqual(small.resources);
    expect([...again.truth]).toEqual([...small.truth]);
    expect(generateClinic({ seed: 8, now: NOW, size: 'small' }).resources).not.toEqual(small.resources);
  });

  it('gives every resource a unique id, and every reference names a resource it made', () => {
    expect(duplicateKeys(small.resources)).toEqual([]);
    expect(danglingReferences(small.resources)).toEqual([]);
  });

  it('makes the demo inbox: about 200 open items from the last few days', () => {
    expect(tasks).toHaveLength(240);
    const open = tasks.filter((t) => isOpen(t.status)).length;
    expect(open).toBeGreaterThan(170);
    expect(open).toBeLessThan(230);
    const statuses = new Set(tasks.map((t) => t.status));
    for (const s of ['requested', 'accepted', 'in-progress', 'completed'] as const) expect(statuses).toContain(s);
    expect(ofType(small.resources, 'Patient')).toHaveLength(120);
  });

  it('makes exactly the number of work items asked for, and the patients when given', () => {
    const clinic = generateClinic({ seed: 2, now: NOW, size: 75, patients: 20 });
    expect(ofType(clinic.resources, 'Task')).toHaveLength(75);
    expect(ofType(clinic.resources, 'Patient')).toHaveLength(20);
    expect(clinic.truth.size).toBe(75);
    expect(clinicShape('clinic')).toMatchObject({ workItems: 5000, historyDays: 60 });
    expect(clinicShape(100_000)).toMatchObject({ workItems: 100_000, historyDays: 60 });
    expect(() => clinicShape(0)).toThrow(RangeError);
    expect(() => clinicShape(2.5)).toThrow(RangeError);
  });

  it('numbers tasks back from now, so task-00001 is the newest', () => {
    const byId = [...tasks].sort((a, b) => (a.id ?? '').localeCompare(b.id ?? ''));
    expect(byId[0]?.id).toBe('task-00001');
    const received = byId.map((t) => Date.parse(t.authoredOn ?? ''));
    expect(received).toEqual([...received].sort((a, b) => b - a));
  });

  it('versions every resource and stamps it no later than now', () => {
    for (const r of small.resources) {
      expect(Number(r.meta?.versionId)).toBeGreaterThanOrEqual(1);
      const stamped = Date.parse(r.meta?.lastUpdated ?? '');
      expect(stamped).toBeLessThanOrEqual(now);
      expect(r.meta?.lastUpdated).toBe(new Date(stamped).toISOString());
    }
  });

  it('keeps each Task between its arrival and now, due by the demo rule, owned as the cache expects', () => {
    for (const t of tasks) {
      const received = Date.parse(t.authoredOn ?? '');
      const changed = Date.parse(t.meta?.lastUpdated ?? '');
      expect(received).toBeLessThanOrEqual(changed);
      expect(changed).toBeLessThanOrEqual(now);
      expect(t.lastModified).toBe(t.meta?.lastUpdated);
      expect(Date.parse(t.restriction?.period?.end ?? '') - received).toBe(
        DEMO_TARGET_HOURS[t.priority ?? 'routine'] * HOUR,
      );
      const coding = t.code?.coding?.[0];
      expect(coding?.system).toBe(WORK_TYPE_SYSTEM);
      expect(WORK_TYPES).toContain(coding?.code);
      const pool = t.extension?.find((e) => e.url === TASK_POOL_EXT)?.valueReference?.reference;
      expect(pool).toMatch(/^CareTeam\/pool-/);
      const owner = t.owner?.reference ?? '';
      if (t.status === 'requested' || t.status === 'cancelled') expect(owner).toBe(pool);
      else expect(owner).toMatch(/^Practitioner\//);
      expect(t.owner?.display).toBeTruthy();
      if (['on-hold', 'cancelled', 'rejected'].includes(t.status)) expect(t.statusReason?.text).toBeTruthy();
      if (t.status === 'completed') expect(t.executionPeriod?.end).toBe(t.meta?.lastUpdated);
    }
  });

  it('points each kind of work at what it is about', () => {
    const focus = (code: string) =>
      new Set(
        tasks.filter((t) => t.code?.coding?.[0]?.code === code).map((t) => t.focus?.reference?.split('/')[0] ?? ''),
      );
    expect(focus('renewal-request')).toEqual(new Set(['MedicationRequest']));
    expect(focus('result-release')).toEqual(new Set(['DiagnosticReport']));
    for (const code of ['respond-to-message', 'refill-request', 'referral-status', 'appointment-request']) {
      expect(focus(code)).toEqual(new Set(['Communication']));
    }
  });

  it('threads messages under a header without payload; replies answer a message in the thread', () => {
    const all = index(small.resources);
    const communications = ofType(small.resources, 'Communication');
    const threadTasks = tasks.filter((t) => t.focus?.reference?.startsWith('Communication/'));
    expect(threadTasks.length).toBeGreaterThan(100);
    let replies = 0;
    let followUps = 0;
    for (const t of threadTasks) {
      const header = all.get(t.focus?.reference ?? '') as Communication;
      expect(header.payload).toBeUndefined();
      expect(header.partOf).toBeUndefined();
      const messages = communications
        .filter((c) => c.partOf?.[0]?.reference === `Communication/${header.id ?? ''}`)
        .sort((a, b) => (a.sent ?? '').localeCompare(b.sent ?? ''));
      expect(messages.length).toBeGreaterThan(0);
      const first = messages[0] as Communication;
      expect(first.sender?.reference).toMatch(/^Patient\//);
      expect(first.received).toBe(t.authoredOn);
      expect(first.payload?.[0]?.contentString).toBeTruthy();
      for (const m of messages.slice(1)) {
        const answered = m.inResponseTo?.[0]?.reference;
        if (m.sender?.reference?.startsWith('Practitioner/')) {
          replies++;
          expect(messages.map((x) => `Communication/${x.id ?? ''}`)).toContain(answered);
        } else followUps++;
      }
    }
    expect(replies).toBeGreaterThan(10);
    expect(followUps).toBeGreaterThan(10);
  });

  it('builds the facility: the MTF and its pharmacy, the pools with their members, staff with roles, an auditor', () => {
    const all = index(small.resources);
    expect(all.get('Organization/pharmacy-harbor-point')).toMatchObject({
      partOf: { reference: 'Organization/mtf-harbor-point' },
    });
    const pools = ofType(small.resources, 'CareTeam');
    expect(pools.map((p) => p.id).sort()).toEqual([
      'pool-front-desk',
      'pool-nursing',
      'pool-pcm-blue',
      'pool-pcm-gold',
      'pool-pharmacy',
      'pool-records',
      'pool-referrals',
    ]);
    for (const pool of pools) expect(pool.participant?.length).toBeGreaterThan(0);
    const roles = new Set(
      ofType(small.resources, 'PractitionerRole').map(
        (r) => r.code?.[0]?.coding?.find((c) => c.system === STAFF_ROLE_SYSTEM)?.code,
      ),
    );
    // The auditor reads the portal's audit trail and works in no pool.
    expect(roles).toEqual(new Set(['nurse', 'pcm', 'pharmacist', 'clerk', 'auditor']));
  });

  it('gives patients plausible demographics, TRICARE coverage and a PCM team', () => {
    for (const p of ofType(small.resources, 'Patient')) {
      const born = Date.parse(p.birthDate ?? '');
      const age = (now - born) / (365.25 * 24 * HOUR);
      const given = p.name?.[0]?.given?.[0] ?? '';
      const gender = p.gender as 'female' | 'male';
      expect(givenNamesFor(new Date(born).getUTCFullYear(), gender)).toContain(given);
      const category = ext(p, BENEFICIARY_CATEGORY_EXT);
      expect(['ADSM', 'ADFM', 'RET', 'RETFM', 'NGR', 'OTHER']).toContain(category);
      if (category === 'ADSM') expect(age).toBeGreaterThanOrEqual(18);
      if (category === 'ADSM') expect(age).toBeLessThan(51);
      if (category === 'RET') expect(age).toBeGreaterThanOrEqual(42);
      expect(['Prime', 'Select']).toContain(ext(p, TRICARE_PLAN_EXT));
      const region = ext(p, TRICARE_REGION_EXT);
      expect(['East', 'West']).toContain(region);
      if (category === 'ADSM') expect(ext(p, TRICARE_PLAN_EXT)).toBe('Prime');
      const team = p.extension?.find((e) => e.url === PCM_TEAM_EXT)?.valueReference?.reference;
      expect(['CareTeam/pool-pcm-blue', 'CareTeam/pool-pcm-gold']).toContain(team);
      expect(p.generalPractitioner?.[0]?.reference).toMatch(/^Practitioner\/pcm-/);
    }
  });

  it('takes a numeric size with a patient count', () => {
    const demo = generateClinic({ seed: 3, now: NOW, size: 30, patients: 15 });
    const resources: Resource[] = demo.resources;
    expect(ofType(resources, 'Task')).toHaveLength(30);
    expect(ofType(resources, 'Patient')).toHaveLength(15);
    expect(demo.clinicName).toBe('Harbor Point Branch Health Clinic');
  });
});
