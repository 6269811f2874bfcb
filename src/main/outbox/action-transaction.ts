import type { Bundle, BundleEntry, Identifier, Resource, Task } from '@medplum/fhirtypes';
import type { Operation } from 'rfc6902';
import type { AppliedAction, ResourcePatch } from '../../domain/outbox/apply-action';
import { clientKeySearches, clientUuidOf } from '../../domain/outbox/client-keys';
import { guardedTaskPatch } from '../../domain/outbox/version-guard';

function patchEntry(url: string, operations: Operation[], ifMatch?: string): BundleEntry {
  return {
    resource: {
      resourceType: 'Binary',
      contentType: 'application/json-patch+json',
      data: Buffer.from(JSON.stringify(operations)).toString('base64'),
    },
    request: { method: 'PATCH', url, ...(ifMatch === undefined ? {} : { ifMatch }) },
  };
}

/**
 * A decision's changes to resources other than its Task (a result's hold labels), sent on their
 * own and before the rest: a portal that refuses one must not be left with the Task completed
 * and the comment sent around it. Each patch carries its own `test`s.
 */
export function resourcePatchTransaction(
  patches: readonly Pick<ResourcePatch, 'type' | 'id' | 'operations'>[],
): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: patches.map(({ type, id, operations }) => patchEntry(`${type}/${id}`, operations)),
  };
}

/**
 * The action's creates and its Task change in one transaction. Creates are conditional on the
 * action's key (a resend never makes a second); those already found at the portal (an earlier
 * attempt landed them, and its answer was lost) are left out, and the Task points at them by their
 * real ids. The Task's patch is guarded by its version twice over: If-Match, and `test`s inside
 * the patch for servers that ignore If-Match on PATCH (version-guard.ts).
 */
export function actionTransaction(
  base: Task & { id: string },
  baseVersion: string,
  applied: AppliedAction,
  uuid: string,
  found: readonly Resource[],
  taskWrite: TaskWrite = 'patch',
): Bundle {
  const landed = new Map<string, string>();
  const creates: BundleEntry[] = [];
  for (const { fullUrl, resource } of applied.creates) {
    // This action's own copy: of its type and carrying its key (the found list holds patched resources too).
    const there = found.find(
      (r) =>
        r.resourceType === resource.resourceType &&
        r.id !== undefined &&
        ((r as { identifier?: Identifier[] }).identifier ?? []).some((i) => clientUuidOf(i) === uuid),
    );
    if (there !== undefined) {
      landed.set(fullUrl, `${there.resourceType}/${there.id ?? ''}`);
      continue;
    }
    creates.push({
      fullUrl,
      resource,
      request: { method: 'POST', url: resource.resourceType, ifNoneExist: `identifier=${clientKeySearches(uuid)[0]}` },
    });
  }
  const task = landed.size === 0 ? applied.task : pointAt(applied.task, landed);
  const ifMatch = `W/"${baseVersion}"`;
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      ...creates,
      taskWrite === 'patch'
        ? patchEntry(`Task/${base.id}`, guardedTaskPatch(base, task), ifMatch)
        : { resource: withoutMeta(task), request: { method: 'PUT', url: `Task/${base.id}`, ifMatch } },
    ],
  };
}

/**
 * How a Task change is written: JSON Patch with the desk's own version tests, or, on a portal that
 * offers no PATCH, the whole Task by PUT with If-Match (then If-Match alone guards the version).
 */
export type TaskWrite = 'patch' | 'put' | 'refuse';

/**
 * JSON Patch where the portal offers it and has not refused one as unsupported (`patchRefused`);
 * else PUT, but only where it says it checks the version an update names (`versioning:
 * versioned-update`): without either the desk could only overwrite blindly, so it refuses to write
 * and says why.
 */
export function taskWriteFor(
  caps: { patch: boolean; versionedUpdate: boolean } | undefined,
  patchRefused = false,
): TaskWrite {
  if (!patchRefused && (caps === undefined || caps.patch)) return 'patch';
  // Not stated: PUT with If-Match, which the specification asks every server to check.
  if (caps === undefined) return 'put';
  return caps.versionedUpdate ? 'put' : 'refuse';
}

/** A PUT body leaves the version and time to the server; its tags and security labels are data. */
function withoutMeta(task: Task): Task {
  if (task.meta === undefined) return task;
  const meta = { ...task.meta };
  delete meta.versionId;
  delete meta.lastUpdated;
  return { ...task, meta };
}

/** The Task's outputs naming created resources by fullUrl, pointed at the resources found instead. */
function pointAt(task: Task, references: ReadonlyMap<string, string>): Task {
  if (task.output === undefined) return task;
  return {
    ...task,
    output: task.output.map((o) => {
      const to = references.get(o.valueReference?.reference ?? '');
      return to === undefined ? o : { ...o, valueReference: { ...o.valueReference, reference: to } };
    }),
  };
}
