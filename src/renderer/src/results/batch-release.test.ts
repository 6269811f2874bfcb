import { describe, expect, it } from 'vitest';
import type { WorkItemSummary } from '../../../shared/work-item';
import { batchQuickText, normalRows, resultTest, setAsideRows, unfilledGaps } from './batch-release';

const row = (id: string, over: Partial<WorkItemSummary>): WorkItemSummary =>
  ({ id, subject: `Result: Test ${id}`, severity: 'normal', syncState: null, ...over }) as WorkItemSummary;

describe('batch release', () => {
  it('offers only the listed results whose values are all normal and that nobody has decided yet', () => {
    const rows = [
      row('a', {}),
      row('b', { severity: 'abnormal' }),
      row('c', { severity: 'unknown' }),
      row('d', { severity: 'critical' }),
      row('e', { syncState: 'queued' }),
      row('f', { severity: null }),
      row('g', {}),
    ];
    expect(normalRows(rows).map((r) => r.id)).toEqual(['a', 'g']);
  });

  it('names the test without the "Result:" every row would repeat', () => {
    expect(resultTest('Result: Lipid panel')).toBe('Lipid panel');
    expect(resultTest('Result — CBC')).toBe('CBC');
    expect(resultTest('Lipid panel')).toBe('Lipid panel');
    expect(resultTest('Result:')).toBe('Result:');
  });

  it('drops the name a comment to many patients cannot have, and keeps every other gap visible', () => {
    expect(batchQuickText('Hello {patientName}, your results are normal.')).toBe('Hello, your results are normal.');
    const text = batchQuickText('Hello {patientName}, your provider says: {explanation} Call {explanation}.');
    expect(unfilledGaps(text)).toEqual(['{explanation}']);
    expect(unfilledGaps('Your results are normal; no action is needed.')).toEqual([]);
  });

  it('never takes a result on hold or claimed by someone else, and lists those apart with why', () => {
    const rows = [
      row('a', {}),
      row('held', { status: 'on-hold' }),
      row('theirs', { claimed: true, ownerId: 'pcm-other', ownerName: 'Dr. Other' }),
      row('mine', { claimed: true, ownerId: 'pcm-me' }),
      row('held-abnormal', { status: 'on-hold', severity: 'abnormal' }),
    ];
    expect(normalRows(rows, 'pcm-me').map((r) => r.id)).toEqual(['a', 'mine']);
    expect(setAsideRows(rows, 'pcm-me').map(({ row: r, reason }) => [r.id, reason])).toEqual([
      ['held', 'On hold, not included: open it to decide.'],
      ['theirs', 'Claimed by Dr. Other, not included: theirs to release.'],
    ]);
  });
});
