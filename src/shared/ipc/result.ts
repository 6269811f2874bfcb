/**
 * What every IPC handler returns. An error thrown across `ipcRenderer.invoke` loses everything but
 * its message, so handlers never throw: they return this, and the UI can show `error.message`.
 */
export type AppErrorCode =
  | 'invalid-argument'
  | 'not-found'
  | 'forbidden-sender'
  | 'unknown-channel'
  | 'internal'
  /** The clinic's access policy does not let this person do it; the message says why. */
  | 'forbidden'
  /** Nobody is signed in, or the desk is locked: the renderer shows the sign-in screen. */
  | 'signed-out';

export interface AppError {
  code: AppErrorCode;
  /** A sentence a nurse or the clinic's IT staff can act on. */
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

export const fail = (code: AppErrorCode, message: string): Result<never> => ({
  ok: false,
  error: { code, message },
});
