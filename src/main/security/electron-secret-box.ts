import { EncryptionUnavailableError } from './secret-box';
import type { SecretBox } from './secret-box';

/**
 * The part of Electron's safeStorage used here (its own signatures), so the policy below runs in
 * Node tests and this file stays free of Electron; the shell passes the real one.
 */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only. */
  getSelectedStorageBackend?(): 'basic_text' | 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6' | 'unknown';
}

/**
 * safeStorage, refusing what does not protect a secret: on Linux without a keyring Chromium falls
 * back to `basic_text`, a key hard-coded in Chromium, which any process of any account can undo.
 * Keys are hex strings inside: safeStorage seals strings.
 */
export function electronSecretBox(safeStorage: SafeStorageLike, platform: NodeJS.Platform): SecretBox {
  if (!safeStorage.isEncryptionAvailable()) {
    throw new EncryptionUnavailableError(
      'This computer offers no protected storage for secrets (the OS keychain is unavailable), so Triage Desk will not keep patient data on it. Ask IT to enable the keychain (Windows DPAPI, macOS Keychain, or a Secret Service keyring on Linux).',
    );
  }
  let backend = platform === 'win32' ? 'dpapi' : platform === 'darwin' ? 'keychain' : 'unknown';
  if (platform === 'linux') {
    backend = safeStorage.getSelectedStorageBackend?.() ?? 'unknown';
    if (backend === 'basic_text' || backend === 'unknown') {
      throw new EncryptionUnavailableError(
        `No keyring protects secrets on this Linux desktop (safeStorage backend "${backend}"), so Triage Desk will not keep patient data on it. Ask IT to run a Secret Service keyring (GNOME Keyring or KWallet) in the session.`,
      );
    }
  }
  return {
    backend,
    seal: (plain) => safeStorage.encryptString(Buffer.from(plain).toString('hex')),
    open: (sealed) => Buffer.from(safeStorage.decryptString(sealed), 'hex'),
  };
}
