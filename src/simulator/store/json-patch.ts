import type { Resource } from '@medplum/fhirtypes';
import { applyPatch } from 'rfc6902';
import type { Operation } from 'rfc6902';
import { FhirError } from '../errors';

const OPS = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test']);

/** Checks the shape of an `application/json-patch+json` document (RFC 6902 §4) before applying it. */
export function parseJsonPatch(body: unknown): Operation[] {
  if (!Array.isArray(body))
    throw new FhirError(400, 'structure', 'A JSON Patch document must be an array of operations.');
  body.forEach((op: unknown, i) => {
    const o = op as Record<string, unknown> | null;
    const ok =
      o !== null &&
      typeof o === 'object' &&
      typeof o.op === 'string' &&
      OPS.has(o.op) &&
      typeof o.path === 'string' &&
      (!['add', 'replace', 'test'].includes(o.op) || 'value' in o) &&
      (!['move', 'copy'].includes(o.op) || typeof o.from === 'string');
    if (!ok) throw new FhirError(400, 'structure', `JSON Patch operation ${i} is malformed.`);
  });
  return body as Operation[];
}

/**
 * Applies the patch to a copy; a failed `test` or a path that is not there is 422: the document
 * is well formed but cannot be applied to this version.
 */
export function applyJsonPatch(resource: Resource, operations: Operation[]): Resource {
  const copy = structuredClone(resource);
  const results = applyPatch(copy, operations);
  const failed = results.findIndex((r) => r !== null);
  if (failed >= 0) {
    const error = results[failed];
    throw new FhirError(422, 'processing', `JSON Patch operation ${failed} failed: ${error?.name ?? 'error'}.`);
  }
  return copy;
}
