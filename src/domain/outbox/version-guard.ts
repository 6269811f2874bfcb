import type { Task } from '@medplum/fhirtypes';
import { createPatch, Pointer } from 'rfc6902';
import type { Operation } from 'rfc6902';

/**
 * The JSON Patch that turns the Task a staff action saw (`base`) into the one it made (`next`),
 * guarded so that any server that applies JSON Patch at all refuses it on a Task that has moved
 * on: a `test` of `/meta/versionId`, then a `test` of the value each replaced or removed element
 * had. The request's If-Match says the same, but some servers ignore If-Match on PATCH (Medplum's
 * router does, alone and inside a transaction); RFC 6902 obliges them to honour `test`, and a
 * failed test makes the whole patch fail. A stale action then meets the conflict path, as it does
 * on a server that answers 412, instead of silently overwriting a colleague's change.
 */
export function guardedTaskPatch(base: Task, next: Task): Operation[] {
  const changes = createPatch(base, next);
  const tests: Operation[] = [];
  const version = base.meta?.versionId;
  if (version !== undefined) tests.push({ op: 'test', path: '/meta/versionId', value: version });
  for (const change of changes) {
    if (change.op !== 'replace' && change.op !== 'remove') continue;
    // What it replaces or removes was there when the decision was made.
    const seen: unknown = Pointer.fromJSON(change.path).get(base);
    tests.push({ op: 'test', path: change.path, value: structuredClone(seen) });
  }
  return [...tests, ...changes];
}
