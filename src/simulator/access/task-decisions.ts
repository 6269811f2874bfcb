import type { Task } from '@medplum/fhirtypes';
import { PRESCRIBER_ROLE_CODE, WORK_TYPE_SYSTEM } from '../../domain/fhir/codes';
import type { WriteRule } from '../rules';
import { forbidden, holdsRole } from './staff-identity';

interface Decision {
  /** Statuses a Task of this work type moves to only by a prescriber's decision. */
  statuses: ReadonlySet<Task['status']>;
  /** The decision, in words for the refusal. */
  what: string;
  /** What the one refused may do instead. */
  instead: string;
}

/**
 * Work types whose outcome is a prescriber's (PCM's) decision, and the moves that make it. Every
 * other move is anyone's: claiming, assigning, routing, notes, pending a renewal for the PCM, and
 * completing a renewal request (the PCM's renewal completes it with a new prescription, which only
 * a PCM may write; a nurse's "ask the pharmacy" reply completes it too). docs/portal.md, Mapping: "Renewal
 * denied: Task rejected"; "Result released / held: the label removed, the Task completed / on-hold".
 */
export const PRESCRIBER_DECISIONS: Readonly<Record<string, Decision>> = {
  'renewal-request': {
    statuses: new Set(['rejected', 'cancelled', 'failed', 'entered-in-error']),
    what: 'end a renewal request without renewing (deny, cancel, fail or enter it in error)',
    instead: 'Pend the renewal for a PCM instead.',
  },
  'result-release': {
    statuses: new Set(['completed', 'on-hold', 'rejected', 'cancelled', 'failed', 'entered-in-error']),
    what: 'decide on a result awaiting release (release, hold or close it)',
    instead: 'Route or assign it to a PCM instead.',
  },
};

function workTypeOf(task: Task | undefined): string | undefined {
  return task?.code?.coding?.find((c) => c.system === WORK_TYPE_SYSTEM)?.code;
}

/**
 * The decision a Task write makes, if it is one: moving a decision work type to one of its
 * statuses (or creating it there), deleting one, or changing a Task into or out of such a work type
 * (which would otherwise let the next write slip past this rule).
 */
function decisionOf(previous: Task | undefined, next: Task | undefined): Decision | undefined {
  const before = workTypeOf(previous);
  const after = workTypeOf(next);
  const decision = PRESCRIBER_DECISIONS[after ?? ''] ?? PRESCRIBER_DECISIONS[before ?? ''];
  if (decision === undefined) return undefined;
  if (next === undefined) return decision;
  if (previous !== undefined && before !== after) return decision;
  return next.status !== previous?.status && decision.statuses.has(next.status) ? decision : undefined;
}

/** A renewal is denied, and a result released or held, by a prescriber (PCM) only: a nurse pends it for one. */
export const decisionsByPrescribers: WriteRule = ({ previous, next, actor }, context) => {
  if (actor === undefined) return;
  const before = previous?.resourceType === 'Task' ? previous : undefined;
  const after = next?.resourceType === 'Task' ? next : undefined;
  if (before === undefined && after === undefined) return;
  const decision = decisionOf(before, after);
  if (decision === undefined || holdsRole(actor, PRESCRIBER_ROLE_CODE, context)) return;
  throw forbidden(`Only a prescriber (PCM) may ${decision.what}: ${actor} is not one. ${decision.instead}`);
};
