import { ID_PATTERN } from './supported-types';

/** A literal reference to a resource on this server, as `Type/id`. */
export interface LocalReference {
  type: string;
  id: string;
}

const RELATIVE = /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[A-Za-z0-9\-.]{1,64})?$/;

/**
 * Reads `Type/id`, `Type/id/_history/v` or an absolute URL on this server's base as a local
 * reference; anything else (contained `#x`, `urn:uuid:`, other servers) is not one.
 */
export function parseLocalReference(reference: string, baseUrl?: string): LocalReference | undefined {
  let text = reference;
  if (baseUrl !== undefined && text.startsWith(`${baseUrl}/`)) text = text.slice(baseUrl.length + 1);
  const match = RELATIVE.exec(text);
  if (match === null) return undefined;
  return { type: match[1] ?? '', id: match[2] ?? '' };
}

export function formatReference(ref: LocalReference): string {
  return `${ref.type}/${ref.id}`;
}

export function isValidId(id: string): boolean {
  return ID_PATTERN.test(id);
}

/**
 * Calls `visit` for every `{ reference: string }` object in a resource, wherever it sits, so
 * reference rewriting and integrity checks need no per-type field list.
 */
export function forEachReference(value: unknown, visit: (holder: { reference: string }) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) forEachReference(item, visit);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const record = value as Record<string, unknown>;
  if (typeof record.reference === 'string') visit(record as { reference: string });
  for (const [key, child] of Object.entries(record)) {
    if (key !== 'reference' && typeof child === 'object') forEachReference(child, visit);
  }
}
