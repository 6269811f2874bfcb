import { describe, expect, it } from 'vitest';
import { generateClinic } from './generate';
import { nextLiveMessage } from './live';
import { danglingReferences, duplicateKeys, ofType } from './test-support/resource-graph';
import { RED_FLAG_SHARE, THREAD_KINDS } from './work-kinds';

const NOW = new Date('2026-11-27T15:00:00Z');
const clinic = generateClinic({ seed: 21, now: NOW, size: 120 });
const later = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

describe('nextLiveMessage', () => {
  it('gives message n the same way every time, whatever came before it', () => {
    const direct = nextLiveMessage(clinic, 5, later(30));
    for (const n of [1, 2, 3, 4]) nextLiveMessage(clinic, n, later(n));
    expect(nextLiveMessage(clinic, 5, later(30))).toEqual(direct);
    const fresh = generateClinic({ seed: 21, now: NOW, size: 120 });
    expect(nextLiveMessage(fresh, 5, later(30))).toEqual(direct);
    expect(nextLiveMessage(clinic, 6, later(30)).resources).not.toEqual(direct.resources);
  });

  it('makes a new thread and a Task waiting in its pool, received at the given time', () => {
    const at = later(45);
    const live = nextLiveMessage(clinic, 12, at);
    expect(live.task).toMatchObject({
      id: 'task-live-000012',
      status: 'requested',
      authoredOn: at.toISOString(),
      meta: { versionId: '1', lastUpdated: at.toISOString() },
    });
    expect(live.task.owner?.reference).toMatch(/^CareTeam\/pool-/);
    expect(live.resources).toContain(live.task);
    const messages = ofType(live.resources, 'Communication');
    expect(messages.filter((m) => m.payload === undefined)).toHaveLength(1);
    expect(messages.filter((m) => m.partOf !== undefined)).toHaveLength(1);
    expect(live.task.focus?.reference).toBe(`Communication/thread-task-live-000012`);
    expect(live.resources.every((r) => r.meta?.lastUpdated === at.toISOString() && r.meta.versionId === '1')).toBe(
      true,
    );
  });

  it('refers only to the clinic it joins and to what it brings along, with fresh ids', () => {
    const all = Array.from({ length: 300 }, (_, n) => nextLiveMessage(clinic, n + 1, later(n + 1)));
    const resources = all.flatMap((m) => m.resources);
    expect(danglingReferences(resources, clinic.resources)).toEqual([]);
    expect(duplicateKeys([...clinic.resources, ...resources])).toEqual([]);
    expect(clinic.roster.patients.every((p) => p.referrals.every((r) => !r.id.includes('live')))).toBe(true);
  });

  it('sends the thread kinds patients write, with emergency wording about as often as the clinic does', () => {
    const truths = Array.from({ length: 2000 }, (_, n) => nextLiveMessage(clinic, n, later(1)).truth);
    expect(truths.every((t) => THREAD_KINDS.includes(t.kind))).toBe(true);
    const flagged = truths.filter((t) => t.redFlag !== null).length / truths.length;
    expect(flagged).toBeGreaterThan(RED_FLAG_SHARE * 0.4);
    expect(flagged).toBeLessThan(RED_FLAG_SHARE * 2);
  });
});
