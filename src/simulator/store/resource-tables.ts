import type { Resource } from '@medplum/fhirtypes';
import type { Statement } from 'better-sqlite3-multiple-ciphers';
import { indexValuesOf } from '../search/index-values';
import type { SqliteDatabase } from './open-store-database';

export type WriteMethod = 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface VersionRow {
  type: string;
  id: string;
  versionId: number;
  lastUpdated: string;
  deleted: boolean;
  /** The resource as served, meta included; null for a delete. */
  json: string | null;
}

export interface HistoryRow extends VersionRow {
  seq: number;
  method: WriteMethod;
}

export interface NewVersion {
  type: string;
  id: string;
  versionId: number;
  lastUpdated: string;
  method: WriteMethod;
  /** null writes a tombstone. */
  resource: Resource | null;
  /** `Practitioner/<id>` acting; undefined for the portal's own writes. */
  actor?: string;
}

interface RawVersion {
  type: string;
  id: string;
  version_id: number;
  last_updated: string;
  deleted: number;
  json: string | null;
}

interface RawHistory extends Omit<RawVersion, 'deleted'> {
  seq: number;
  method: WriteMethod;
}

export function toVersionRow(raw: RawVersion): VersionRow {
  return {
    type: raw.type,
    id: raw.id,
    versionId: raw.version_id,
    lastUpdated: raw.last_updated,
    deleted: raw.deleted === 1,
    json: raw.json,
  };
}

export function toHistoryRow(raw: RawHistory): HistoryRow {
  return {
    seq: raw.seq,
    type: raw.type,
    id: raw.id,
    versionId: raw.version_id,
    lastUpdated: raw.last_updated,
    deleted: raw.method === 'DELETE',
    method: raw.method,
    json: raw.json,
  };
}

/**
 * Row-level access to the current, history and search-index tables. No rules, no validation: the
 * FhirStore decides what may be written; this only writes it consistently (history row, current
 * row and index rows together).
 */
export class ResourceTables {
  private readonly selectCurrent: Statement<[string, string], RawVersion>;
  private readonly selectVersion: Statement<[string, string, number], RawHistory>;
  private readonly insertHistory: Statement<
    [string, string, number, string, WriteMethod, string | null, string | null]
  >;
  private readonly upsertCurrent: Statement<[string, string, number, string, number, string | null]>;
  private readonly clearIndex: Statement<[string, string]>[];
  private readonly insertToken: Statement<[string, string, string, string, string]>;
  private readonly insertReference: Statement<[string, string, string, string]>;
  private readonly insertString: Statement<[string, string, string, string, string]>;

  constructor(readonly db: SqliteDatabase) {
    this.selectCurrent = db.prepare(
      'SELECT type, id, version_id, last_updated, deleted, json FROM resource_current WHERE type = ? AND id = ?',
    );
    this.selectVersion = db.prepare(
      `SELECT seq, type, id, version_id, last_updated, method, json FROM resource_history
       WHERE type = ? AND id = ? AND version_id = ?`,
    );
    this.insertHistory = db.prepare(
      'INSERT INTO resource_history (type, id, version_id, last_updated, method, json, actor) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.upsertCurrent = db.prepare(
      `INSERT INTO resource_current (type, id, version_id, last_updated, deleted, json) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (type, id) DO UPDATE SET version_id = excluded.version_id, last_updated = excluded.last_updated,
         deleted = excluded.deleted, json = excluded.json`,
    );
    this.clearIndex = ['search_token', 'search_reference', 'search_string'].map((table) =>
      db.prepare<[string, string]>(`DELETE FROM ${table} WHERE type = ? AND id = ?`),
    );
    this.insertToken = db.prepare('INSERT INTO search_token (type, id, name, system, code) VALUES (?, ?, ?, ?, ?)');
    this.insertReference = db.prepare('INSERT INTO search_reference (type, id, name, target) VALUES (?, ?, ?, ?)');
    this.insertString = db.prepare(
      'INSERT INTO search_string (type, id, name, normalized, exact) VALUES (?, ?, ?, ?, ?)',
    );
  }

  current(type: string, id: string): VersionRow | undefined {
    const raw = this.selectCurrent.get(type, id);
    return raw === undefined ? undefined : toVersionRow(raw);
  }

  version(type: string, id: string, versionId: number): HistoryRow | undefined {
    const raw = this.selectVersion.get(type, id, versionId);
    return raw === undefined ? undefined : toHistoryRow(raw);
  }

  /** The live resource, or undefined when it never existed or is deleted. */
  live(type: string, id: string): Resource | undefined {
    const row = this.current(type, id);
    return row === undefined || row.json === null ? undefined : (JSON.parse(row.json) as Resource);
  }

  /** Writes one version: history row, current row and index rows. Call inside a transaction. */
  write(version: NewVersion, options: { freshIndex?: boolean } = {}): string | null {
    const json = version.resource === null ? null : JSON.stringify(version.resource);
    const { type, id } = version;
    this.insertHistory.run(
      type,
      id,
      version.versionId,
      version.lastUpdated,
      version.method,
      json,
      version.actor ?? null,
    );
    this.upsertCurrent.run(type, id, version.versionId, version.lastUpdated, json === null ? 1 : 0, json);
    // A bulk seed into an empty store has nothing to clear; skipping it halves the seed's writes.
    if (options.freshIndex !== true) for (const clear of this.clearIndex) clear.run(type, id);
    if (version.resource !== null) {
      const values = indexValuesOf(version.resource);
      for (const t of values.tokens) this.insertToken.run(type, id, t.name, t.system, t.code);
      for (const r of values.references) this.insertReference.run(type, id, r.name, r.target);
      for (const s of values.strings) this.insertString.run(type, id, s.name, s.normalized, s.exact);
    }
    return json;
  }

  maxLastUpdated(): string | null {
    const row = this.db.prepare('SELECT max(last_updated) AS latest FROM resource_history').get() as {
      latest: string | null;
    };
    return row.latest;
  }

  isEmpty(): boolean {
    return this.db.prepare('SELECT 1 FROM resource_history LIMIT 1').get() === undefined;
  }
}
