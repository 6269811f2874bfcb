import { describe, expect, it } from 'vitest';
import type { WorkItemSummary } from '../../../shared/work-item';
import { announcements, arrivalLine, noticeArrivals, tierOf } from './arrivals';

const row = (id: string, over: Partial<WorkItemSummary> = {}): WorkItemSummary =>
  ({
    id,
    subject: `Subject ${id}`,
    poolId: 'pool-nursing',
    poolName: 'Nursing Team',
    emergency: null,
    possibleEmergency: null,
    ...over,
  }) as WorkItemSummary;

const emergency = (id: string, acknowledgedAt: number | null = null) =>
  row(id, { emergency: { kind: 'medical', acknowledgedAt } as WorkItemSummary['emergency'] });
const possible = (id: string) => row(id, { possibleEmergency: { kind: 'crisis' } });

describe('emergencies arriving', () => {
  it('counts an unacknowledged emergency and a possible one, nothing else', () => {
    expect(tierOf(emergency('a'))).toBe('emergency');
    expect(tierOf(emergency('a', 1))).toBeNull();
    expect(tierOf(possible('b'))).toBe('possible');
    expect(tierOf(row('c'))).toBeNull();
  });

  it('announces nothing on the first look: that is the backlog', () => {
    const first = noticeArrivals(null, [emergency('a'), possible('b'), row('c')]);
    expect(first.fresh).toEqual([]);
    expect(first.current.map((a) => a.id)).toEqual(['a', 'b']);
  });

  it('announces what is new since, once', () => {
    const first = noticeArrivals(null, [emergency('a')]);
    const second = noticeArrivals(first.seen, [emergency('new'), emergency('a'), row('c')]);
    expect(second.fresh.map((a) => a.id)).toEqual(['new']);
    const third = noticeArrivals(second.seen, [emergency('new'), emergency('a')]);
    expect(third.fresh).toEqual([]);
  });

  it('announces a possible emergency again when it becomes one', () => {
    const first = noticeArrivals(null, [possible('a')]);
    const second = noticeArrivals(first.seen, [emergency('a')]);
    expect(second.fresh.map((a) => `${a.id} ${a.tier}`)).toEqual(['a emergency']);
  });

  it('says emergencies assertively and possible ones politely, with the pool and the whole subject', () => {
    const { fresh } = noticeArrivals(noticeArrivals(null, []).seen, [
      emergency('a'),
      possible('b'),
      row('c', { emergency: { kind: 'crisis', acknowledgedAt: null } as WorkItemSummary['emergency'], poolName: null }),
    ]);
    expect(announcements(fresh)).toEqual({
      assertive:
        'Emergency, 911: new in Nursing Team: Subject a. Crisis, 988: new: Subject c. Shown at the top of the window until opened.',
      polite: 'Possible crisis, read now: new in Nursing Team: Subject b. Shown at the top of the window until opened.',
    });
    expect(announcements([])).toEqual({ assertive: '', polite: '' });
    expect(arrivalLine(fresh[0]!)).toBe('Emergency, 911: new in Nursing Team: Subject a');
  });
});
