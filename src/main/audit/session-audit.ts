import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import type { DeskUser } from '../session/desk-user';
import type { SessionEnd } from '../session/desk-session';
import { recordAudit } from './audit-chain';

/** How a session's start or end is named in the audit row: `session.sign-in`, `session.lock.idle`, … */
export const SESSION_EVENT_PREFIX = 'session.';
export const SIGN_IN_EVENT = `${SESSION_EVENT_PREFIX}sign-in`;

/**
 * Who used the desk when (HIPAA audit controls: log-in and log-off). Written into the user's own
 * cache, chained like every other row and sent as an AuditEvent with the next sync, so an end
 * written while the network was down reaches the portal at the next sign-in. The time is this
 * workstation's clock, even on the demo portal, whose clinic clock stands still for its data.
 */
export function recordSessionEvent(db: Kysely<DB>, user: DeskUser, what: 'sign-in' | SessionEnd): Promise<void> {
  return recordAudit(db, {
    at: Date.now(),
    actor: user.reference,
    event: `${SESSION_EVENT_PREFIX}${what}`,
    workItemId: null,
    patientId: null,
    clientUuid: null,
    outcome: 'success',
    detail: null,
  });
}
