import type { SecretBox } from '../security/secret-box';

/** Where the CLI writes, and (for long-running commands under test) when to stop. */
export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Ends a long-running command such as `sim`; without it, SIGINT/SIGTERM do. */
  signal?: AbortSignal;
  /** Where secrets are read from (a token, a cache key); default process.env. */
  env?: NodeJS.ProcessEnv;
  /**
   * The OS keychain the app seals cache keys with, where the command line runs inside Electron;
   * absent under plain Node, which cannot reach Electron's safeStorage.
   */
  secretBox?: SecretBox;
  /** Where `--sign-in` sends the portal's sign-in address; default printed for a person to open. */
  openBrowser?: (url: string) => Promise<unknown>;
}

/** Bad arguments: exit 2 with the message. */
export class UsageError extends Error {}

/** A whole-number option within [min, max], or undefined when it was not given. */
export function wholeNumberOption(
  name: string,
  value: string | undefined,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}`);
  }
  return n;
}

export function requireDb(value: string | undefined): string {
  if (value === undefined || value === '') throw new UsageError('--db FILE is required');
  return value;
}
