import { describe, expect, it } from 'vitest';
import { electronSecretBox } from './electron-secret-box';
import type { SafeStorageLike } from './electron-secret-box';
import { EncryptionUnavailableError } from './secret-box';

/** safeStorage as Electron would answer on a given desktop: reversible, and marked as sealed. */
function safeStorage(
  available: boolean,
  backend?: ReturnType<NonNullable<SafeStorageLike['getSelectedStorageBackend']>>,
) {
  return {
    isEncryptionAvailable: () => available,
    encryptString: (plain: string) => Buffer.from(`sealed:${plain}`),
    decryptString: (sealed: Buffer) => sealed.toString().replace(/^sealed:/, ''),
    ...(backend === undefined ? {} : { getSelectedStorageBackend: () => backend }),
  } as SafeStorageLike;
}

describe('the safeStorage secret box', () => {
  it('seals and opens through the OS keychain', () => {
    const box = electronSecretBox(safeStorage(true, 'gnome_libsecret'), 'linux');
    const key = Buffer.from('00ff10ab', 'hex');
    const sealed = box.seal(key);
    expect(sealed.includes(key)).toBe(false);
    expect(box.open(sealed)).toEqual(key);
    expect(box.backend).toBe('gnome_libsecret');
    expect(electronSecretBox(safeStorage(true), 'win32').backend).toBe('dpapi');
  });

  it("refuses Linux's basic_text fallback and an unknown backend: any account could undo them", () => {
    expect(() => electronSecretBox(safeStorage(true, 'basic_text'), 'linux')).toThrow(EncryptionUnavailableError);
    expect(() => electronSecretBox(safeStorage(true, 'basic_text'), 'linux')).toThrow(/backend "basic_text"/);
    expect(() => electronSecretBox(safeStorage(true, 'unknown'), 'linux')).toThrow(EncryptionUnavailableError);
  });

  it('refuses where the OS offers no encryption at all', () => {
    expect(() => electronSecretBox(safeStorage(false), 'darwin')).toThrow(/no protected storage for secrets/);
  });
});
