import type { Reference, Resource } from '@medplum/fhirtypes';
import { iso } from './clinic-clock';

/**
 * Collects generated resources. The generator changes some after creating them (a renewed
 * prescription, a released result, a closed thread), so each keeps its version count and last
 * change here, as a server would, and the output shows only the final state.
 */
export interface Sink {
  readonly resources: Resource[];
  add<T extends Resource>(resource: T, at: number, version?: number): T;
  /** A later change to a resource already added: one more version, stamped `at`. */
  touch(resource: Resource, at: number): void;
}

export function createSink(): Sink {
  const resources: Resource[] = [];
  return {
    resources,
    add(resource, at, version = 1) {
      const meta = resource.meta;
      resource.meta =
        meta === undefined
          ? { versionId: String(version), lastUpdated: iso(at) }
          : { versionId: String(version), lastUpdated: iso(at), ...meta };
      resources.push(resource);
      return resource;
    },
    touch(resource, at) {
      // Changes are rare next to creations, so reading the last stamp back beats keeping a side table.
      const previous = Date.parse(resource.meta?.lastUpdated ?? '');
      resource.meta = {
        ...resource.meta,
        versionId: String(Number(resource.meta?.versionId ?? '0') + 1),
        lastUpdated: iso(Number.isNaN(previous) ? at : Math.max(previous, at)),
      };
    },
  };
}

/** The referenced type comes from where the reference is used, so one helper serves every field. */
export function ref<T extends Resource = Resource>(resourceType: string, id: string, display?: string): Reference<T> {
  return display === undefined
    ? { reference: `${resourceType}/${id}` }
    : { reference: `${resourceType}/${id}`, display };
}

/** Zero-padded sequence numbers, wide enough for the largest in the set so ids sort as numbers. */
export function padder(count: number, minWidth: number): (n: number) => string {
  const width = Math.max(minWidth, String(count).length);
  return (n) => String(n).padStart(width, '0');
}

/**
 * Deep-frozen, for the codings and references that thousands of resources repeat: one shared
 * instance instead of a copy in each (at 100,000 work items the copies are most of the heap and
 * of the garbage collector's work). Frozen, so a consumer that edits one in place fails loudly
 * instead of quietly editing them all; clone a resource before changing anything below its top level.
 */
export function frozen<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) frozen(inner);
    Object.freeze(value);
  }
  return value;
}

/** A frozen value per key, made on first use. */
export function sharedBy<K, V>(make: (key: K) => V): (key: K) => V {
  const made = new Map<K, V>();
  return (key) => {
    let value = made.get(key);
    if (value === undefined) {
      value = frozen(make(key));
      made.set(key, value);
    }
    return value;
  };
}
