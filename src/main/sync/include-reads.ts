import type { Reference, Resource } from '@medplum/fhirtypes';

/**
 * The `_include`s the client can do itself where the server has none: which element each follows
 * and, for the typed ones, which target type (R4: `Task:patient` is `Task.for.where(resolve() is
 * Patient)`). Only what the sync asks for is listed; an unknown one is refused, not guessed.
 */
const INCLUDE_ELEMENTS: Readonly<Record<string, { element: string; target?: string }>> = {
  'Task:focus': { element: 'focus' },
  'Task:patient': { element: 'for', target: 'Patient' },
  'Task:subject': { element: 'for' },
  'Task:owner': { element: 'owner' },
};

/** R4 `id`: also what keeps a comma out of an `_id` list. */
const ID_PATTERN = /^[A-Za-z0-9\-.]{1,64}$/;

export function canFollowInclude(include: string): boolean {
  return include in INCLUDE_ELEMENTS;
}

/**
 * `Type/id` of everything the resources point to through these includes, as far as the reference
 * names a resource on this server: relative, or absolute under `baseUrl`. Contained (`#…`),
 * logical-only and other servers' references cannot be read here and are left out.
 */
export function includeTargets(resources: readonly Resource[], includes: readonly string[], baseUrl: string): string[] {
  const targets = new Set<string>();
  for (const include of includes) {
    const spec = INCLUDE_ELEMENTS[include];
    if (spec === undefined) continue;
    const sourceType = include.split(':')[0];
    for (const resource of resources) {
      if (resource.resourceType !== sourceType) continue;
      const value = (resource as unknown as Record<string, unknown>)[spec.element];
      for (const reference of Array.isArray(value) ? value : [value]) {
        const target = localTarget(reference as Reference | undefined, baseUrl);
        if (target !== undefined && (spec.target === undefined || target.type === spec.target)) {
          targets.add(`${target.type}/${target.id}`);
        }
      }
    }
  }
  return [...targets];
}

function localTarget(reference: Reference | undefined, baseUrl: string): { type: string; id: string } | undefined {
  let text = reference?.reference;
  if (typeof text !== 'string') return undefined;
  if (/^[a-z][a-z0-9+.-]*:/i.test(text)) {
    if (!text.startsWith(`${baseUrl}/`)) return undefined;
    text = text.slice(baseUrl.length + 1);
  }
  const [type, id, history] = text.split('/');
  if (type === undefined || id === undefined || !/^[A-Z][A-Za-z]+$/.test(type) || !ID_PATTERN.test(id)) {
    return undefined;
  }
  // `Type/id/_history/n` names a version; the sync keeps current versions only, so read the current one.
  return history === undefined || history === '_history' ? { type, id } : undefined;
}

/** `Type/id` strings grouped by type. */
export function byType(keys: Iterable<string>): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const key of keys) {
    const [type = '', id = ''] = key.split('/');
    const ids = groups.get(type) ?? [];
    ids.push(id);
    groups.set(type, ids);
  }
  return groups;
}
