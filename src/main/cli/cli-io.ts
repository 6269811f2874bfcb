/** Where the CLI writes, and (for long-running commands under test) when to stop. */
export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Ends a long-running command such as `sim`; without it, SIGINT/SIGTERM do. */
  signal?: AbortSignal;
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
