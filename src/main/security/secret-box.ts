/**
 * Seals small secrets (a cache key, a refresh token) so that only this OS account can open them:
 * Electron's safeStorage in the app (DPAPI, Keychain, libsecret/kwallet), a memory-keyed box in tests.
 */
export interface SecretBox {
  /** Where the sealing key lives, for the diagnostics ("gnome_libsecret", "dpapi", …). */
  readonly backend: string;
  seal(plain: Uint8Array): Buffer;
  /** Throws when the blob was sealed by another account or machine, or was altered. */
  open(sealed: Buffer): Buffer;
}

/** No keychain that protects secrets from other accounts: the app then stores none (fail closed). */
export class EncryptionUnavailableError extends Error {
  override name = 'EncryptionUnavailableError';
}
