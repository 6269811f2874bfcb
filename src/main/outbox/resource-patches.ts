import type { Resource, Task } from '@medplum/fhirtypes';
import type { ResourcePatch } from '../../domain/outbox/apply-action';
import type { StaffAction } from '../../shared/staff-actions';
import { resourcePatchTransaction } from './action-transaction';
import type { RefusedEntry } from './fhir-writer';
import { afterUnauthorized, handleReadFailure, refuse, retryLater } from './push-steps';
import type { ActionRow, PushOptions, PushSummary } from './push-steps';
import { undonePatches } from './what-landed';

/** How the desk names a decision that did not go through, where the kind matters to the reader. */
const ACTION_WORDS: Partial<Record<StaffAction['kind'], string>> = { release: 'the release' };

const capitalised = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;

export function refusalReason(refused: readonly RefusedEntry[]): string {
  return refused.map(({ index, outcome }) => `entry ${index + 1}: ${outcome.reason}`).join('; ');
}

/**
 * The decision's changes to other resources (a result's hold labels), before the Task is touched.
 * Refused, they are judged by what the portal's copies now hold: those done already (an earlier
 * attempt, or someone released the report some other way) are left out and the rest sent once
 * more on their own, so one copy changed elsewhere cannot hold up the others; still not done, the
 * action stops with the words of what is still so, and nothing else is sent (no comment to the
 * patient about a result they cannot see). Answers the patched copies, for the cache.
 */
export async function sendResourcePatches(
  options: PushOptions,
  row: ActionRow,
  action: StaffAction,
  patches: readonly ResourcePatch[],
  summary: PushSummary,
): Promise<Resource[] | 'next' | 'stop'> {
  let pending = patches;
  for (let round = 0; round < 2; round++) {
    const outcome = await options.writer.transaction(resourcePatchTransaction(pending), action.actor, options.signal);
    if (outcome.kind === 'ok')
      return (outcome.bundle.entry ?? []).flatMap((e) => (e.resource === undefined ? [] : [e.resource]));
    if (outcome.kind === 'retry') return retryLater(options, row, outcome.reason, summary, outcome.retryAfterMs);
    if (outcome.kind === 'unauthorized') return afterUnauthorized(options, row, outcome.reason, summary);
    const undone = await undonePatches(options.writer, pending, options.signal);
    if (!Array.isArray(undone)) return handleReadFailure(options, row, undone, summary);
    // Done already: the sync brings those copies in.
    if (undone.length === 0) return [];
    if (undone.length < pending.length && round === 0) {
      pending = undone;
      continue;
    }
    const reason = outcome.kind === 'partial' ? refusalReason(outcome.refused) : outcome.reason;
    // The first says most (a result's patches list the report before its values).
    const still = undone[0]?.undone ?? 'it did not take effect';
    return refuse(
      options,
      row,
      `${capitalised(ACTION_WORDS[action.kind] ?? 'this decision')} failed at the portal: ${still} (${reason}). Nothing else was sent.`,
      JSON.parse(row.base_json) as Task,
      summary,
    );
  }
  return [];
}
