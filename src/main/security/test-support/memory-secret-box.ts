import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretBox } from '../secret-box';

/**
 * A SecretBox for Node tests, where there is no safeStorage: AES-256-GCM under a key that lives
 * only in this process, so a blob it sealed opens nowhere else (as a keychain-sealed one would not).
 */
export function memorySecretBox(): SecretBox {
  const key = randomBytes(32);
  return {
    backend: 'memory (tests)',
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    open(sealed) {
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
      decipher.setAuthTag(sealed.subarray(12, 28));
      return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]);
    },
  };
}
