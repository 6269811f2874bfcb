import type { Resource } from '@medplum/fhirtypes';

/** A resource the cache cannot hold: the sync keeps it aside with this reason instead. */
export class UnstorableResourceError extends Error {
  override name = 'UnstorableResourceError';
}

export type Identified = Resource & { id: string; meta: { versionId: string; lastUpdated: string } };

export function assertStorable(resource: Resource): asserts resource is Identified {
  const where = `${resource.resourceType}/${resource.id ?? '(no id)'}`;
  if (resource.id === undefined || resource.id === '') throw new UnstorableResourceError(`${where} has no id`);
  if (resource.meta?.versionId === undefined) throw new UnstorableResourceError(`${where} has no meta.versionId`);
  const lastUpdated = resource.meta.lastUpdated;
  if (lastUpdated === undefined || Number.isNaN(Date.parse(lastUpdated))) {
    throw new UnstorableResourceError(`${where} has no valid meta.lastUpdated`);
  }
}
