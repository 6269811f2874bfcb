import { EMERGENCY_ACK_EXT, TASK_POOL_EXT } from '../../domain/fhir/codes';

const LABELS: Readonly<Record<string, string>> = {
  owner: 'Owner',
  status: 'Status',
  priority: 'Priority',
  note: 'Notes',
  description: 'Subject',
  [`extension:${TASK_POOL_EXT}`]: 'Pool',
  [`extension:${EMERGENCY_ACK_EXT}`]: 'Emergency acknowledgement',
};

/**
 * A Task field two desks both changed, as the person deciding reads it ("Owner", "Pool"), not as
 * the conflict check names it (`extension:http://…/task-pool`).
 */
export function conflictFieldLabel(field: string): string {
  return LABELS[field] ?? (field.startsWith('extension:') ? 'Other details' : field);
}
