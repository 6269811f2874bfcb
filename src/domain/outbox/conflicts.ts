import type { Task } from '@medplum/fhirtypes';
import { EMERGENCY_ACK_EXT, LAST_CLIENT_ACTION_EXT } from '../fhir/codes';

/** How a field changed between two versions: only appended to (a list grew at its end) or changed. */
export type FieldChange = 'append' | 'change';

/** Bookkeeping that every write touches; two writes changing it never disagree about the work. */
const IGNORED = new Set(['meta', 'text', 'lastModified', 'resourceType', 'id']);

/**
 * The Task's elements that differ between two versions, extensions keyed by URL. The unit of
 * conflict is the element a person sees (status, owner, priority, notes…), not the JSON path:
 * two people changing the same element disagree even if the paths differ.
 */
export function changedFields(before: Task, after: Task): Map<string, FieldChange> {
  const changes = new Map<string, FieldChange>();
  const b = flatten(before);
  const a = flatten(after);
  for (const key of new Set([...b.keys(), ...a.keys()])) {
    const x = b.get(key);
    const y = a.get(key);
    if (JSON.stringify(x) === JSON.stringify(y)) continue;
    changes.set(key, isAppend(x, y) || isFirstAcknowledgement(key, x, y) ? 'append' : 'change');
  }
  return changes;
}

/** Fields both sides changed, except lists both only appended to (two notes added at once both stay). */
export function overlappingFields(mine: Map<string, FieldChange>, theirs: Map<string, FieldChange>): string[] {
  return [...mine.entries()]
    .filter(([field, change]) => {
      const other = theirs.get(field);
      return other !== undefined && !(change === 'append' && other === 'append');
    })
    .map(([field]) => field);
}

function flatten(task: Task): Map<string, unknown> {
  const fields = new Map<string, unknown>();
  for (const [key, value] of Object.entries(task)) {
    if (IGNORED.has(key) || value === undefined) continue;
    if (key === 'extension' && Array.isArray(value)) {
      for (const ext of value as { url?: string }[]) {
        if (ext.url === LAST_CLIENT_ACTION_EXT) continue;
        fields.set(`extension:${ext.url ?? '?'}`, ext);
      }
      continue;
    }
    fields.set(key, value);
  }
  return fields;
}

const ACK_FIELD = `extension:${EMERGENCY_ACK_EXT}`;

/**
 * An emergency acknowledgement only adds: "someone dealt with it". Two desks acknowledging the
 * same emergency before either saw the other's agree about the work, so they are not a conflict
 * for a person to review: the one that lands first stays the record (applyAction keeps an
 * existing acknowledgement) and the other lands as its note. Taking one away, or changing one
 * already there, is a real change and still clashes with an acknowledgement made meanwhile.
 */
function isFirstAcknowledgement(key: string, before: unknown, after: unknown): boolean {
  return key === ACK_FIELD && before === undefined && after !== undefined;
}

function isAppend(before: unknown, after: unknown): boolean {
  if (!Array.isArray(after)) return false;
  const prefix = before === undefined ? [] : before;
  if (!Array.isArray(prefix) || after.length <= prefix.length) return false;
  return JSON.stringify(after.slice(0, prefix.length)) === JSON.stringify(prefix);
}
