import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStoreDatabase } from '../store/open-store-database';
import { migrateAuthStore, SqliteAuthAdapter, tokenHash } from './auth-store';

const dir = mkdtempSync(join(tmpdir(), 'portal-sim-auth-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SqliteAuthAdapter', () => {
  it('stores a bearer token under its hash, without its value, and finds, consumes and destroys it by value', async () => {
    const db = openStoreDatabase(join(dir, 'adapter.db'));
    migrateAuthStore(db);
    const tokens = new SqliteAuthAdapter(db, 'RefreshToken');
    const value = 'a-refresh-token-value-of-enough-randomness';
    await tokens.upsert(value, { jti: value, grantId: 'g1', kind: 'RefreshToken' }, 60);
    const row = db.prepare('SELECT id, payload FROM auth_artifact').get() as { id: string; payload: string };
    expect(row.id).toBe(tokenHash(value));
    expect(row.payload).not.toContain(value);
    expect(await tokens.find(value)).toMatchObject({ jti: value, grantId: 'g1' });
    expect(await tokens.find(tokenHash(value))).toBeUndefined();
    await tokens.consume(value);
    expect((await tokens.find(value))?.consumed).toBeTypeOf('number');
    await tokens.destroy(value);
    expect(await tokens.find(value)).toBeUndefined();
    // Other models keep their ids: a session is found by its id, not presented as a secret.
    const sessions = new SqliteAuthAdapter(db, 'Session');
    await sessions.upsert('s1', { uid: 'u1', accountId: 'rn-harper' }, 60);
    expect(await sessions.findByUid('u1')).toMatchObject({ accountId: 'rn-harper' });
    db.close();
  });
});

describe('migrateAuthStore', () => {
  it('drops bearer tokens an older build stored as their own value, and keeps the rest', () => {
    const db = openStoreDatabase(join(dir, 'old.db'));
    db.exec('CREATE TABLE auth_schema_version (version INTEGER NOT NULL)');
    migrateAuthStore(db);
    db.prepare('DELETE FROM auth_schema_version WHERE version > 1').run();
    const insert = db.prepare("INSERT INTO auth_artifact (model, id, payload) VALUES (?, ?, '{}')");
    for (const model of ['RefreshToken', 'AccessToken', 'AuthorizationCode', 'Grant', 'Session'])
      insert.run(model, 'plain');
    migrateAuthStore(db);
    const left = (db.prepare('SELECT model FROM auth_artifact ORDER BY model').all() as { model: string }[]).map(
      (r) => r.model,
    );
    expect(left).toEqual(['Grant', 'Session']);
    db.close();
  });
});
