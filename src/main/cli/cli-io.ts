/** Where the CLI writes, and (for long-running commands under test) when to stop. */
export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Ends a long-running command such as `sim`; without it, SIGINT/SIGTERM do. */
  signal?: AbortSignal;
}

/** Bad arguments: exit 2 with the message. */
export class UsageError extends Error {}
