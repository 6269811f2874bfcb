import { describe, expect, it } from 'vitest';
import { DEFAULT_FILTERS } from '../../../shared/work-item';
import { activeFilterLabels, togglePriority, toggleWorkType } from './filters';

describe('filters', () => {
  it('toggles values in and out, in the canonical order', () => {
    expect(togglePriority(['urgent'], 'stat')).toEqual(['urgent', 'stat']);
    expect(togglePriority(['stat', 'urgent'], 'routine')).toEqual(['routine', 'urgent', 'stat']);
    expect(toggleWorkType(['refill-request', 'renewal-request'], 'refill-request')).toEqual(['renewal-request']);
  });

  it('says nothing for the defaults and every filter in force otherwise', () => {
    expect(activeFilterLabels(DEFAULT_FILTERS, '  ')).toEqual([]);
    expect(
      activeFilterLabels(
        {
          workTypes: ['refill-request', 'renewal-request'],
          priorities: ['stat'],
          status: 'closed',
          due: 'overdue',
          unassignedOnly: true,
        },
        ' chest ',
      ),
    ).toEqual([
      'Type: Refill, Renewal',
      'Priority: STAT',
      'Closed items',
      'Overdue',
      'Unassigned only',
      'Search: “chest”',
    ]);
    expect(activeFilterLabels({ ...DEFAULT_FILTERS, due: 'near-due' }, '')).toEqual(['Near due']);
  });
});
