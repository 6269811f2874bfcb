import { describe, expect, it } from 'vitest';
import type { ReadinessCriterion } from '../../../shared/renewals';
import type { WorkItemSummary } from '../../../shared/work-item';
import {
  batchResultLine,
  criteriaSummary,
  denyReplyFor,
  readinessBadge,
  readyRows,
  renewalSubject,
  roleLabel,
} from './renewal-words';

const criterion = (status: ReadinessCriterion['status']): ReadinessCriterion => ({
  id: `c-${status}-${Math.random()}`,
  label: status,
  status,
  evidence: '',
});

const row = (id: string, over: Partial<WorkItemSummary>): WorkItemSummary => ({
  id,
  workType: 'renewal-request',
  status: 'requested',
  priority: 'routine',
  subject: `Renewal ${id}`,
  patientId: null,
  patientName: null,
  beneficiaryCategory: null,
  receivedAt: 0,
  dueAt: null,
  poolId: null,
  poolName: null,
  ownerName: null,
  ownerId: null,
  claimed: false,
  emergency: null,
  possibleEmergency: null,
  escalatedTo: null,
  syncState: null,
  readiness: null,
  ...over,
});

describe('readiness words', () => {
  it('names each badge in words, the review badge with what is missing', () => {
    expect(readinessBadge({ kind: 'ready' })).toEqual({ text: 'Ready', tone: 'ready' });
    expect(readinessBadge({ kind: 'refill' })).toEqual({ text: 'Refill — pharmacy', tone: 'refill' });
    expect(readinessBadge({ kind: 'review', notMet: 2, unknown: 1 }).text).toBe('Review: 2 not met, 1 unknown');
    expect(readinessBadge({ kind: 'review', notMet: 0, unknown: 3 }).text).toBe('Review: 3 unknown');
    expect(readinessBadge({ kind: 'review', notMet: 1, unknown: 0 }).text).toBe('Review: 1 not met');
  });

  it('sums up the card: all met, or the counts of not met and unknown', () => {
    expect(criteriaSummary([criterion('met'), criterion('met')])).toBe('All criteria met');
    expect(criteriaSummary([criterion('not-met'), criterion('met'), criterion('unknown'), criterion('not-met')])).toBe(
      '2 not met · 1 unknown',
    );
    expect(criteriaSummary([criterion('unknown')])).toBe('1 unknown');
    expect(criteriaSummary([])).toBe('No criteria apply');
  });
});

describe('renewal subjects in the renewals list', () => {
  it('drops the "Renewal:" prefix the view already says, and keeps anything else whole', () => {
    expect(renewalSubject('Renewal: Lisinopril 10 mg tablet')).toBe('Lisinopril 10 mg tablet');
    expect(renewalSubject('Renewal request - Metformin 500 mg')).toBe('Metformin 500 mg');
    expect(renewalSubject('Refill please: metformin')).toBe('Refill please: metformin');
    expect(renewalSubject('Renewal:')).toBe('Renewal:');
  });
});

describe('batch approval', () => {
  it('takes only the listed rows that are ready and not already decided here', () => {
    const rows = [
      row('a', { readiness: { kind: 'ready' } }),
      row('b', { readiness: { kind: 'refill' } }),
      row('c', { readiness: { kind: 'review', notMet: 1, unknown: 0 } }),
      row('d', { readiness: { kind: 'ready' }, syncState: 'queued' }),
      row('e', { readiness: { kind: 'ready' } }),
      row('f', {}),
    ];
    expect(readyRows(rows).map((r) => r.id)).toEqual(['a', 'e']);
  });

  it('reports what was approved and, for each skip, whose and why', () => {
    const names: Record<string, string> = { x: 'Jane Doe', y: 'John Roe' };
    const nameOf = (id: string) => names[id] ?? id;
    expect(batchResultLine({ approved: [{ id: 'a', actionId: 1 }], skipped: [] }, nameOf)).toBe('1 approved');
    expect(
      batchResultLine(
        {
          approved: [
            { id: 'a', actionId: 1 },
            { id: 'b', actionId: 2 },
          ],
          skipped: [
            { id: 'x', reason: 'already decided' },
            { id: 'y', reason: 'Potassium not met' },
          ],
        },
        nameOf,
      ),
    ).toBe('2 approved, 2 skipped: Jane Doe — already decided; John Roe — Potassium not met');
  });
});

describe('roles and deny replies', () => {
  it('spells roster roles as people say them, and keeps an unknown one', () => {
    expect(roleLabel('pcm')).toBe('PCM');
    expect(roleLabel('nurse')).toBe('Nurse');
    expect(roleLabel('dietitian')).toBe('dietitian');
    expect(roleLabel(null)).toBeNull();
  });

  it('suggests a reply for each common reason, and a general one otherwise, naming the drug', () => {
    expect(denyReplyFor('Labs needed before renewal', 'lisinopril 10 mg')).toMatch(
      /^Before we can renew your lisinopril 10 mg, you need lab work/,
    );
    const other = denyReplyFor('Patient moved away', 'metformin');
    expect(other).toContain('renew your metformin');
    expect(other).not.toContain('{medication}');
  });
});
