import { argumentSchemas } from '../../shared/ipc/contract';
import type { ChannelResults, Handlers } from '../../shared/ipc/contract';
import type { Channel } from '../../shared/ipc/channels';
import { fail, ok } from '../../shared/ipc/result';
import type { Result } from '../../shared/ipc/result';
import { argumentRefusal } from './argument-limits';
import { isTrustedSender } from './trusted-sender';
import type { SenderInfo } from './trusted-sender';

/** A handler's way of saying "this is the user's problem, show them this sentence". */
export class HandlerError extends Error {
  constructor(
    readonly code: 'not-found' | 'invalid-argument' | 'signed-out' | 'forbidden',
    message: string,
  ) {
    super(message);
  }
}

export interface DispatcherOptions {
  handlers: Handlers;
  trustedOrigins: readonly string[];
  /** Where unexpected failures go (the log), since the renderer only gets a generic sentence. */
  onInternalError: (channel: string, error: unknown) => void;
}

export type Dispatch = (channel: string, rawArg: unknown, sender: SenderInfo) => Promise<Result<unknown>>;

/**
 * The one door into main: checks the sender, validates the argument against the contract, runs
 * the handler and turns every outcome into a Result. Electron's ipcMain and the browser tests'
 * bridge both call this, so the tests exercise the same checks the app runs.
 */
export function createDispatcher(options: DispatcherOptions): Dispatch {
  return async (channel, rawArg, sender) => {
    if (!isTrustedSender(sender, options.trustedOrigins)) {
      return fail('forbidden-sender', 'This request did not come from the Triage Desk window.');
    }
    if (!Object.hasOwn(argumentSchemas, channel)) {
      return fail('unknown-channel', `Unknown request "${channel}".`);
    }
    const known = channel as Channel;
    // Before zod, which would walk a too-deep or cyclic argument until the stack gave out.
    const refusal = argumentRefusal(rawArg);
    if (refusal !== null) return fail('invalid-argument', `Invalid argument for ${channel}: ${refusal}.`);
    const parsed = argumentSchemas[known].safeParse(rawArg);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue === undefined || issue.path.length === 0 ? 'argument' : issue.path.join('.');
      return fail('invalid-argument', `Invalid ${where} for ${channel}: ${issue?.message ?? 'rejected'}.`);
    }
    try {
      const handler = options.handlers[known] as (
        arg: unknown,
      ) => Promise<ChannelResults[Channel]> | ChannelResults[Channel];
      return ok(await handler(parsed.data));
    } catch (error) {
      if (error instanceof HandlerError) return fail(error.code, error.message);
      options.onInternalError(channel, error);
      return fail('internal', 'Something went wrong inside Triage Desk; the details are in the log.');
    }
  };
}
