import type { StaffAction } from '../../shared/staff-actions';

/** The decision an outbox row holds, as the domain applies it (the payload was validated when recorded). */
export function staffActionOf(row: {
  kind: string;
  payload: string;
  client_uuid: string;
  actor: string;
  decided_at: string;
}): StaffAction {
  return {
    kind: row.kind,
    payload: JSON.parse(row.payload) as unknown,
    uuid: row.client_uuid,
    actor: row.actor,
    at: row.decided_at,
  } as StaffAction;
}
