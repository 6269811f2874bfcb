import { createHash, generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { SqliteDatabase } from '../store/open-store-database';

interface AuthMigration {
  version: number;
  name: string;
  sql: string;
}

/**
 * The authorization server's tables live in the simulator's own file, versioned apart from the
 * FHIR store's `user_version` (they exist only when auth is on). Frozen once shipped, like those.
 */
const AUTH_MIGRATIONS: readonly AuthMigration[] = [
  {
    version: 1,
    name: 'oidc-provider artifacts and the server secrets',
    sql: `
      -- One row per oidc-provider model instance (Session, Interaction, Grant, AuthorizationCode,
      -- AccessToken, RefreshToken, ...): what the provider's adapter contract stores and finds.
      CREATE TABLE auth_artifact (
        model TEXT NOT NULL,
        id TEXT NOT NULL,
        payload TEXT NOT NULL,
        grant_id TEXT,
        uid TEXT,
        user_code TEXT,
        expires_at INTEGER,
        consumed_at INTEGER,
        PRIMARY KEY (model, id)
      );
      CREATE INDEX auth_artifact_by_grant ON auth_artifact (grant_id) WHERE grant_id IS NOT NULL;
      CREATE INDEX auth_artifact_by_uid ON auth_artifact (model, uid) WHERE uid IS NOT NULL;
      CREATE INDEX auth_artifact_by_user_code ON auth_artifact (model, user_code) WHERE user_code IS NOT NULL;
      CREATE INDEX auth_artifact_by_expiry ON auth_artifact (expires_at) WHERE expires_at IS NOT NULL;

      -- The signing key and cookie keys, made once, so tokens and sessions outlive a restart.
      CREATE TABLE auth_secret (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'bearer tokens kept only as hashes',
    sql: `
      -- Tokens written before this were stored as their own value, which reads back as a working
      -- token from a copy of the file. They cannot be hashed in SQL: they go, and their holders sign
      -- in again once (an access token lasts minutes; a refresh token is a shift's sign-in).
      DELETE FROM auth_artifact WHERE model IN ('AccessToken', 'AuthorizationCode', 'RefreshToken');
    `,
  },
];

export function migrateAuthStore(db: SqliteDatabase): void {
  db.exec('CREATE TABLE IF NOT EXISTS auth_schema_version (version INTEGER NOT NULL)');
  const row = db.prepare('SELECT MAX(version) AS version FROM auth_schema_version').get() as {
    version: number | null;
  };
  const current = row.version ?? 0;
  if (current > AUTH_MIGRATIONS.length) {
    throw new Error(
      `This simulator file's sign-in tables were written by a newer build (auth schema ${current}, this build ` +
        `knows ${AUTH_MIGRATIONS.length}): use a newer build or start from a new file.`,
    );
  }
  for (const m of AUTH_MIGRATIONS.slice(current)) {
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO auth_schema_version (version) VALUES (?)').run(m.version);
    })();
  }
}

/** Models whose instances belong to a grant, so revoking the grant removes them (as the memory adapter does). */
const GRANTABLE = new Set([
  'AccessToken',
  'AuthorizationCode',
  'RefreshToken',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
  'PreAuthorizedCode',
]);

/**
 * Models whose id is itself the bearer secret: the opaque value a client presents is the id the
 * provider stores and finds it by. They are kept under its SHA-256 instead, and without the copy
 * of the value oidc-provider puts in the payload (`jti`), so the file holds nothing a thief could
 * present; the value is given back to the provider only when a client presents it. SHA-256 with
 * no salt or stretching is enough for values of 256 random bits, unlike passwords.
 */
const HASHED = new Set(['AccessToken', 'AuthorizationCode', 'RefreshToken']);

export const tokenHash = (value: string): string => createHash('sha256').update(value, 'utf8').digest('base64url');

interface ArtifactRow {
  payload: string;
  expires_at: number | null;
  consumed_at: number | null;
}

/**
 * oidc-provider's storage contract on SQLite. Expired rows read as absent and are swept on writes;
 * `consume` marks a one-time artifact (code, rotated refresh token) so reuse is detected.
 */
export class SqliteAuthAdapter implements Adapter {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly model: string,
    private readonly nowMs: () => number = Date.now,
  ) {}

  /** The row key for an id: its hash for bearer secrets (HASHED), the id itself otherwise. */
  private key(id: string): string {
    return HASHED.has(this.model) ? tokenHash(id) : id;
  }

  upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    const now = this.nowMs();
    const stored: AdapterPayload = { ...payload };
    if (HASHED.has(this.model)) delete stored.jti;
    const expiresAt = typeof expiresIn === 'number' ? now + expiresIn * 1000 : null;
    const grantId = GRANTABLE.has(this.model) && typeof payload.grantId === 'string' ? payload.grantId : null;
    const uid = this.model === 'Session' && typeof payload.uid === 'string' ? payload.uid : null;
    const userCode = typeof payload.userCode === 'string' ? payload.userCode : null;
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM auth_artifact WHERE expires_at IS NOT NULL AND expires_at <= ?').run(now);
      this.db
        .prepare(
          `INSERT INTO auth_artifact (model, id, payload, grant_id, uid, user_code, expires_at, consumed_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, NULL)
           ON CONFLICT (model, id) DO UPDATE SET payload = excluded.payload, grant_id = excluded.grant_id,
             uid = excluded.uid, user_code = excluded.user_code, expires_at = excluded.expires_at`,
        )
        .run(this.model, this.key(id), JSON.stringify(stored), grantId, uid, userCode, expiresAt);
    })();
    return Promise.resolve();
  }

  find(id: string): Promise<AdapterPayload | undefined> {
    const row = this.db
      .prepare('SELECT payload, expires_at, consumed_at FROM auth_artifact WHERE model = ? AND id = ?')
      .get(this.model, this.key(id)) as ArtifactRow | undefined;
    const payload = this.live(row);
    // The provider knows a token by its value (jti): given back from what the client presented.
    return Promise.resolve(payload !== undefined && HASHED.has(this.model) ? { ...payload, jti: id } : payload);
  }

  findByUid(uid: string): Promise<AdapterPayload | undefined> {
    const row = this.db
      .prepare('SELECT payload, expires_at, consumed_at FROM auth_artifact WHERE model = ? AND uid = ?')
      .get(this.model, uid) as ArtifactRow | undefined;
    return Promise.resolve(this.live(row));
  }

  findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    const row = this.db
      .prepare('SELECT payload, expires_at, consumed_at FROM auth_artifact WHERE model = ? AND user_code = ?')
      .get(this.model, userCode) as ArtifactRow | undefined;
    return Promise.resolve(this.live(row));
  }

  consume(id: string): Promise<void> {
    this.db
      .prepare('UPDATE auth_artifact SET consumed_at = ? WHERE model = ? AND id = ?')
      .run(Math.floor(this.nowMs() / 1000), this.model, this.key(id));
    return Promise.resolve();
  }

  destroy(id: string): Promise<void> {
    this.db.prepare('DELETE FROM auth_artifact WHERE model = ? AND id = ?').run(this.model, this.key(id));
    return Promise.resolve();
  }

  revokeByGrantId(grantId: string): Promise<void> {
    this.db.prepare('DELETE FROM auth_artifact WHERE grant_id = ?').run(grantId);
    return Promise.resolve();
  }

  private live(row: ArtifactRow | undefined): AdapterPayload | undefined {
    if (row === undefined) return undefined;
    if (row.expires_at !== null && row.expires_at <= this.nowMs()) return undefined;
    const payload = JSON.parse(row.payload) as AdapterPayload;
    return row.consumed_at === null ? payload : { ...payload, consumed: row.consumed_at };
  }
}

export interface AuthSecrets {
  /** Private JWK (RS256) that signs ID tokens; its public half is served at the jwks endpoint. */
  signingKey: Record<string, unknown>;
  /** Koa cookie-signing keys. */
  cookieKeys: string[];
}

/** Reads the server's keys, making them on first use; the same file always signs with the same key. */
export function loadOrCreateSecrets(db: SqliteDatabase): AuthSecrets {
  return db.transaction((): AuthSecrets => {
    const read = (name: string) =>
      (db.prepare('SELECT value FROM auth_secret WHERE name = ?').get(name) as { value: string } | undefined)?.value;
    const write = (name: string, value: string) =>
      db.prepare('INSERT INTO auth_secret (name, value) VALUES (?, ?)').run(name, value);

    let signing = read('signing-key');
    if (signing === undefined) {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      signing = JSON.stringify({
        ...privateKey.export({ format: 'jwk' }),
        kid: randomUUID(),
        alg: 'RS256',
        use: 'sig',
      });
      write('signing-key', signing);
    }
    let cookies = read('cookie-keys');
    if (cookies === undefined) {
      cookies = JSON.stringify([randomBytes(32).toString('base64url'), randomBytes(32).toString('base64url')]);
      write('cookie-keys', cookies);
    }
    return {
      signingKey: JSON.parse(signing) as Record<string, unknown>,
      cookieKeys: JSON.parse(cookies) as string[],
    };
  })();
}
