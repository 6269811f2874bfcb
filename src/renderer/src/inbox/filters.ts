import type { InboxFilters, Priority, WorkType } from '../../../shared/work-item';
import { PRIORITIES, WORK_TYPES, WORK_TYPE_LABELS } from '../../../shared/work-item';
import { PRIORITY_LABELS } from '../item/item-words';

/** Adds or removes one value, keeping the canonical order so equal filters compare equal. */
export function toggleIn<T extends WorkType | Priority>(list: readonly T[], value: T, order: readonly T[]): T[] {
  const next = list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
  return order.filter((v) => next.includes(v));
}

export const toggleWorkType = (list: readonly WorkType[], value: WorkType) => toggleIn(list, value, WORK_TYPES);
export const togglePriority = (list: readonly Priority[], value: Priority) => toggleIn(list, value, PRIORITIES);

/**
 * The filters in force, in words, for the line above the list: a nurse who left "Overdue" on
 * yesterday must see it before wondering where her items went.
 */
export function activeFilterLabels(filters: InboxFilters, search: string): string[] {
  const labels: string[] = [];
  if (filters.workTypes.length > 0)
    labels.push(`Type: ${filters.workTypes.map((t) => WORK_TYPE_LABELS[t]).join(', ')}`);
  if (filters.priorities.length > 0)
    labels.push(`Priority: ${filters.priorities.map((p) => PRIORITY_LABELS[p]).join(', ')}`);
  if (filters.status === 'closed') labels.push('Closed items');
  if (filters.due === 'overdue') labels.push('Overdue');
  if (filters.due === 'near-due') labels.push('Near due');
  if (filters.unassignedOnly) labels.push('Unassigned only');
  if (search.trim() !== '') labels.push(`Search: “${search.trim()}”`);
  return labels;
}
