import type { Resource } from '@medplum/fhirtypes';

/** Test helpers for looking through a generated clinic as a FHIR server would see it. */

export const keyOf = (r: Resource): string => `${r.resourceType}/${r.id ?? ''}`;

/** Every `reference` string anywhere in a resource. */
export function referencesIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) referencesIn(v, found);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, v] of Object.entries(value)) {
      if (key === 'reference' && typeof v === 'string') found.push(v);
      else referencesIn(v, found);
    }
  }
  return found;
}

/** References that name no resource in the set (`also` adds resources from elsewhere, e.g. the clinic a live message joins). */
export function danglingReferences(resources: readonly Resource[], also: readonly Resource[] = []): string[] {
  const known = new Set([...resources, ...also].map(keyOf));
  return resources.flatMap((r) =>
    referencesIn(r)
      .filter((ref) => !known.has(ref))
      .map((ref) => `${keyOf(r)} -> ${ref}`),
  );
}

export function duplicateKeys(resources: readonly Resource[]): string[] {
  const seen = new Set<string>();
  const duplicates: string[] = [];
  for (const r of resources) {
    const key = keyOf(r);
    if (seen.has(key)) duplicates.push(key);
    seen.add(key);
  }
  return duplicates;
}

/** Resources of one type, typed. */
export function ofType<T extends Resource['resourceType']>(
  resources: readonly Resource[],
  type: T,
): Extract<Resource, { resourceType: T }>[] {
  return resources.filter((r): r is Extract<Resource, { resourceType: T }> => r.resourceType === type);
}

export function index(resources: readonly Resource[]): Map<string, Resource> {
  return new Map(resources.map((r) => [keyOf(r), r]));
}
