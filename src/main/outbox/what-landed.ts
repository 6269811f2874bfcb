import type { Resource, Task } from '@medplum/fhirtypes';
import { applyAction, lastClientAction } from '../../domain/outbox/apply-action';
import type { ResourcePatch } from '../../domain/outbox/apply-action';
import type { StaffAction } from '../../shared/staff-actions';
import type { FhirWriter, WriteOutcome } from './fhir-writer';

/*
 * What an action left at the portal, read back rather than taken from an answer: the answer may
 * have been lost, or the server may have committed part of a transaction and refused the rest.
 */

export const isOutcome = (value: object): value is WriteOutcome => 'kind' in value;

/**
 * The portal's version this very action made, if it landed already (its answer was lost); null
 * when it did not; 'unknown' where the portal keeps no history to look through and the Task's
 * marker has moved on. A failed history read is an outcome to retry on: guessing "not landed"
 * would send the action again on top of itself.
 */
export async function landedVersion(
  writer: FhirWriter,
  taskId: string,
  uuid: string,
  current: Task,
  signal?: AbortSignal,
): Promise<Task | WriteOutcome | 'unknown' | null> {
  if (lastClientAction(current) === uuid) return current;
  // Someone may have changed the Task after this action landed: look through its versions.
  const history = await writer.taskHistory(taskId, signal);
  if (history === null) return 'unknown';
  if (!Array.isArray(history)) return history;
  // Newest first; the oldest carrying the marker is the one the action made.
  return history.findLast((version) => lastClientAction(version) === uuid) ?? null;
}

/** The resources an action created, found by its key; some may be missing where a server committed only part. */
export async function createdBy(
  writer: FhirWriter,
  uuid: string,
  action: StaffAction,
  base: Task,
  signal?: AbortSignal,
): Promise<Resource[] | WriteOutcome> {
  const found: Resource[] = [];
  for (const { resource } of applyAction(base, action).creates) {
    const matches = await writer.findByIdentifier(resource.resourceType, uuid, signal);
    if (!Array.isArray(matches)) return matches;
    found.push(...matches);
  }
  return found;
}

/** What the action creates that is not among `found`, by type (the words of a partial landing). */
export function missingCreates(action: StaffAction, base: Task, found: readonly Resource[]): string[] {
  return applyAction(base, action)
    .creates.map(({ resource }) => resource.resourceType)
    .filter((type) => !found.some((r) => r.resourceType === type));
}

/** Of the action's resource patches, those whose purpose the portal's copy does not hold. */
export async function undonePatches(
  writer: FhirWriter,
  patches: readonly ResourcePatch[],
  signal?: AbortSignal,
): Promise<ResourcePatch[] | WriteOutcome> {
  const undone: ResourcePatch[] = [];
  for (const patch of patches) {
    const there = await writer.read(patch.type, patch.id, signal);
    if (there.kind !== 'found') return there;
    if (!patch.done(there.resource)) undone.push(patch);
  }
  return undone;
}
