import { randomUUID } from 'node:crypto';
import type { Resource } from '@medplum/fhirtypes';
import type { Operation } from 'rfc6902';
import { staffRolesOf } from '../access/staff-roles';
import { FhirError } from '../errors';
import { isValidId } from '../fhir-references';
import { DEFERRED_RULES, WRITE_RULES } from '../rules';
import type { ResourceChange, RuleContext } from '../rules';
import { parseSearch } from '../search/parse-search';
import { SearchEngine } from '../search/search-engine';
import { sideEffectsOf } from '../side-effects';
import { isSupportedType } from '../supported-types';
import type { SupportedType } from '../supported-types';
import { validateFhirResource } from '../validation';
import { monotonicClock, normalizeInstant } from './clock';
import type { ServerClock } from './clock';
import { historyPage, latestSeq } from './history-queries';
import type { HistoryQuery } from './history-queries';
import { applyJsonPatch } from './json-patch';
import type { SqliteDatabase } from './open-store-database';
import { ResourceTables } from './resource-tables';
import type { HistoryRow, VersionRow, WriteMethod } from './resource-tables';

export interface FhirStoreOptions {
  /** The wall clock; lastUpdated never goes below what the store already issued. */
  now?: () => Date;
  /** Validate every write against the R4 definitions (default true). */
  validate?: boolean;
  /** How long a search's paging snapshot lives (default 30 minutes). */
  snapshotTtlMs?: number;
}

export interface ActorOption {
  /**
   * `Practitioner/<id>` acting (the access token's, or X-Practitioner without sign-in): the staff
   * rules judge it (rules.ts, access/), and the version written records it.
   */
  actor?: string;
}

export interface CreateOptions extends ActorOption {
  /** A search query (`identifier=system|value`): when exactly one resource matches, it is returned instead. */
  ifNoneExist?: string;
  /** Create under this id: a transaction assigns ids up front to resolve its `urn:uuid:` references. */
  id?: string;
}

export interface UpdateOptions extends ActorOption {
  /** The version the change was based on (If-Match); '*' only requires the resource to exist. */
  ifMatch?: number | '*';
  /** If-None-Match: * — succeed only when the resource does not exist yet. */
  ifNoneMatch?: '*';
}

/** What the store did with a write: made the resource, changed it, or found it there already (If-None-Exist). */
export type StoreWriteEffect = 'created' | 'updated' | 'existing';

export interface WriteResult {
  /** As stored: id and meta.versionId / meta.lastUpdated set by the server. */
  resource: Resource;
  /** created → 201; updated → 200; existing → 200 (an If-None-Exist match, nothing written). */
  outcome: StoreWriteEffect;
}

export interface DeleteResult {
  /** False when the resource was already deleted: nothing was written. */
  deleted: boolean;
  versionId: number;
}

const SNAPSHOT_TTL_MS = 30 * 60_000;

function notSupported(type: string): FhirError {
  return new FhirError(404, 'not-supported', `Resource type '${type}' is not supported by this server.`);
}

export function assertSupportedType(type: string): asserts type is SupportedType {
  if (!isSupportedType(type)) throw notSupported(type);
}

function assertId(id: string): void {
  if (!isValidId(id)) throw new FhirError(400, 'invalid', `'${id}' is not a valid FHIR id.`);
}

function liveOrThrow(type: string, id: string, row: VersionRow | undefined): { row: VersionRow; resource: Resource } {
  if (row === undefined) throw new FhirError(404, 'not-found', `${type}/${id} does not exist.`);
  if (row.json === null) {
    throw new FhirError(410, 'deleted', `${type}/${id} was deleted (version ${row.versionId}).`, {
      ETag: `W/"${row.versionId}"`,
    });
  }
  return { row, resource: JSON.parse(row.json) as Resource };
}

/**
 * The portal's resource store: every write — over HTTP, from a transaction Bundle or from code
 * such as a live mode adding patient messages — goes through here, so all of them get versions,
 * history, validation, the portal's rules and its side effects the same way.
 */
export class FhirStore {
  readonly tables: ResourceTables;
  readonly search: SearchEngine;
  private readonly clock: ServerClock;
  private readonly validate: boolean;
  /** Changes of the open write scope whose deferred rules run just before it commits. */
  private scope: ResourceChange[] | null = null;
  private readonly ruleContext: RuleContext;

  constructor(
    readonly db: SqliteDatabase,
    options: FhirStoreOptions = {},
  ) {
    const now = options.now ?? (() => new Date());
    this.tables = new ResourceTables(db);
    this.clock = monotonicClock(now, this.tables.maxLastUpdated());
    this.validate = options.validate ?? true;
    this.search = new SearchEngine(db, {
      nowMs: () => now().getTime(),
      snapshotTtlMs: options.snapshotTtlMs ?? SNAPSHOT_TTL_MS,
    });
    this.ruleContext = {
      live: (type, id) => this.tables.live(type, id),
      rolesOf: (practitionerId) => staffRolesOf(db, practitionerId),
    };
  }

  /**
   * Runs `fn` as one SQLite transaction and one write scope: everything it writes commits
   * together, after the deferred rules pass, or not at all. Nested calls become savepoints.
   */
  transaction<T>(fn: () => T): T {
    const outer = this.scope;
    if (outer !== null) {
      // A savepoint: if it rolls back, so do the changes it queued for the deferred rules.
      const mark = outer.length;
      try {
        return this.db.transaction(fn)();
      } catch (error) {
        outer.length = mark;
        throw error;
      }
    }
    return this.db.transaction(() => {
      const changes: ResourceChange[] = [];
      this.scope = changes;
      try {
        const result = fn();
        for (const change of changes) for (const rule of DEFERRED_RULES) rule(change, this.ruleContext);
        return result;
      } finally {
        this.scope = null;
      }
    })();
  }

  read(type: string, id: string): Resource {
    assertSupportedType(type);
    return liveOrThrow(type, id, this.tables.current(type, id)).resource;
  }

  vread(type: string, id: string, versionId: string): Resource {
    assertSupportedType(type);
    const version = /^\d{1,9}$/.test(versionId) ? this.tables.version(type, id, Number(versionId)) : undefined;
    if (version === undefined) throw new FhirError(404, 'not-found', `${type}/${id} has no version ${versionId}.`);
    return liveOrThrow(type, id, version).resource;
  }

  create(resource: Resource, options: CreateOptions = {}): WriteResult {
    const type = resource.resourceType;
    assertSupportedType(type);
    return this.transaction(() => {
      if (options.ifNoneExist !== undefined) {
        const query = parseSearch(type, [...new URLSearchParams(options.ifNoneExist)]);
        const found = this.search.matches(query, 0, 2);
        if (found.length > 1) {
          throw new FhirError(
            412,
            'multiple-matches',
            `If-None-Exist '${options.ifNoneExist}' matches several ${type}s.`,
          );
        }
        const [existing] = found;
        if (existing !== undefined) return { resource: JSON.parse(existing.json) as Resource, outcome: 'existing' };
      }
      // R4: the server ignores an id in a create and assigns its own.
      const id = options.id ?? randomUUID();
      assertId(id);
      const previous = this.tables.current(type, id);
      if (previous !== undefined) throw new FhirError(409, 'duplicate', `${type}/${id} already exists.`);
      return { resource: this.commitResource(type, id, undefined, resource, 'POST', options), outcome: 'created' };
    });
  }

  /** PUT: update, or create under the client's id when the resource does not exist (updateCreate). */
  update(resource: Resource, options: UpdateOptions = {}): WriteResult {
    const type = resource.resourceType;
    assertSupportedType(type);
    const id = resource.id;
    if (id === undefined) throw new FhirError(400, 'required', 'An update needs the resource id in the body.');
    assertId(id);
    return this.transaction(() => {
      const row = this.tables.current(type, id);
      const live = row !== undefined && row.json !== null;
      checkIfMatch(type, id, row, options.ifMatch);
      if (options.ifNoneMatch === '*' && live) {
        throw new FhirError(412, 'duplicate', `${type}/${id} exists and If-None-Match: * was given.`);
      }
      const stored = this.commitResource(type, id, row, resource, 'PUT', options);
      return { resource: stored, outcome: live ? 'updated' : 'created' };
    });
  }

  patch(type: string, id: string, operations: Operation[], options: UpdateOptions = {}): WriteResult {
    assertSupportedType(type);
    return this.transaction(() => {
      const row = this.tables.current(type, id);
      checkIfMatch(type, id, row, options.ifMatch);
      const current = liveOrThrow(type, id, row).resource;
      const patched = applyJsonPatch(current, operations);
      if (patched.resourceType !== type || patched.id !== id) {
        throw new FhirError(400, 'invalid', 'A patch may not change the resource type or id.');
      }
      return { resource: this.commitResource(type, id, row, patched, 'PATCH', options), outcome: 'updated' };
    });
  }

  delete(type: string, id: string, options: UpdateOptions = {}): DeleteResult {
    assertSupportedType(type);
    return this.transaction(() => {
      const row = this.tables.current(type, id);
      if (row === undefined) throw new FhirError(404, 'not-found', `${type}/${id} does not exist.`);
      checkIfMatch(type, id, row, options.ifMatch);
      if (row.json === null) return { deleted: false, versionId: row.versionId };
      this.commit(type, id, row, null, 'DELETE', options);
      return { deleted: true, versionId: row.versionId + 1 };
    });
  }

  history(query: Omit<HistoryQuery, 'maxSeq'> & { maxSeq?: number }): {
    total: number;
    rows: HistoryRow[];
    maxSeq: number;
  } {
    const maxSeq = query.maxSeq ?? latestSeq(this.db);
    return { ...historyPage(this.db, { ...query, maxSeq }), maxSeq };
  }

  /**
   * Loads resources into an empty store in one transaction, keeping each one's lastUpdated (the
   * demo's timeline) and skipping rules and side effects: the seed is the portal's past. Returns
   * how many were written (0 when the store already had data).
   */
  seed(resources: readonly Resource[], options: { validate?: boolean } = {}): number {
    if (!this.tables.isEmpty()) return 0;
    const seen = new Set<string>();
    this.db.transaction(() => {
      for (const resource of resources) {
        const type = resource.resourceType;
        assertSupportedType(type);
        const id = resource.id ?? randomUUID();
        assertId(id);
        if (seen.has(`${type}/${id}`)) throw new FhirError(409, 'duplicate', `The seed has ${type}/${id} twice.`);
        seen.add(`${type}/${id}`);
        const given = resource.meta?.lastUpdated;
        const lastUpdated = (given === undefined ? undefined : normalizeInstant(given)) ?? this.clock.next();
        const stored = stamp(resource, id, 1, lastUpdated);
        if (options.validate === true) validateFhirResource(stored);
        this.tables.write(
          { type, id, versionId: 1, lastUpdated, method: 'POST', resource: stored },
          { freshIndex: true },
        );
        this.clock.observe(lastUpdated);
      }
    })();
    return resources.length;
  }

  private commit(
    type: string,
    id: string,
    previousRow: VersionRow | undefined,
    next: Resource | null,
    method: WriteMethod,
    options: ActorOption & { sideEffect?: boolean },
  ): Resource | null {
    const versionId = (previousRow?.versionId ?? 0) + 1;
    const lastUpdated = this.clock.next();
    const stored = next === null ? null : stamp(next, id, versionId, lastUpdated);
    if (stored !== null && this.validate) validateFhirResource(stored);
    const previous = previousRow?.json == null ? undefined : (JSON.parse(previousRow.json) as Resource);
    const change: ResourceChange = { previous, next: stored ?? undefined, actor: options.actor };
    if (options.sideEffect !== true) for (const rule of WRITE_RULES) rule(change, this.ruleContext);
    this.tables.write({ type, id, versionId, lastUpdated, method, resource: stored, actor: options.actor });
    this.scope?.push(change);
    // The portal's own records of this write, in its transaction: no reply without its notification.
    for (const effect of sideEffectsOf(change, lastUpdated)) {
      this.commit(effect.resourceType, randomUUID(), undefined, effect, 'POST', { sideEffect: true });
    }
    return stored;
  }

  /** commit() for a resource, which always yields the stored version. */
  private commitResource(
    type: string,
    id: string,
    previousRow: VersionRow | undefined,
    next: Resource,
    method: WriteMethod,
    options: ActorOption,
  ): Resource {
    return this.commit(type, id, previousRow, next, method, options) ?? next;
  }
}

/** resourceType, id and meta first, as servers conventionally serialise them; server-owned meta set. */
function stamp(resource: Resource, id: string, versionId: number, lastUpdated: string): Resource {
  const out: Record<string, unknown> = {
    resourceType: resource.resourceType,
    id,
    meta: { ...resource.meta, versionId: String(versionId), lastUpdated },
  };
  for (const [key, value] of Object.entries(resource)) if (!(key in out)) out[key] = value;
  return out as unknown as Resource;
}

function checkIfMatch(type: string, id: string, row: VersionRow | undefined, ifMatch: number | '*' | undefined): void {
  if (ifMatch === undefined) return;
  const live = row !== undefined && row.json !== null;
  if (ifMatch === '*' ? live : live && row.versionId === ifMatch) return;
  const current = row === undefined ? 'does not exist' : live ? `is at version ${row.versionId}` : 'was deleted';
  throw new FhirError(412, 'conflict', `If-Match ${ifMatch} failed: ${type}/${id} ${current}.`);
}
