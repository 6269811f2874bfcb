import type { Channel } from '../../shared/ipc/channels';
import type { ChannelArgs, DeskHandlers } from '../../shared/ipc/contract';
import type { DeskAccess } from './desk-access';

/**
 * What each channel reaches, and so what the access policy checks before its handler runs. Every
 * channel of the contract must be named here (the type says so), and the IPC matrix test derives
 * its expectations from this table: a new channel cannot be left unguarded or untested.
 */
export type ChannelReach =
  /** No patient data and nothing of anyone's work: the app, the session, the sync's state, links. */
  | 'no-patient-data'
  /** Only what the signed-in person may read (the handler reads with their scope). */
  | 'own-scope'
  /** One inbox view: the view itself is checked (a pool they may read, the lead views for leads). */
  | 'view'
  /** One item's record. */
  | 'item-read'
  /** A staff action on one item, with what it names (the person or pool). */
  | 'item-act'
  /** Several items decided in one go: each is checked, and those refused are skipped with the reason. */
  | 'item-batch'
  /** This desk's queued actions: a person retries or discards only their own. */
  | 'own-actions';

export const CHANNEL_REACH: Record<Channel, ChannelReach> = {
  'app:info': 'no-patient-data',
  'link:open': 'no-patient-data',
  'sync:status': 'no-patient-data',
  'sync:now': 'no-patient-data',
  'quick-texts:list': 'no-patient-data',
  'session:get': 'no-patient-data',
  'session:sign-in': 'no-patient-data',
  'session:cancel-sign-in': 'no-patient-data',
  'session:sign-out': 'no-patient-data',
  'session:lock': 'no-patient-data',
  'diagnostics:get': 'own-scope',
  'inbox:views': 'own-scope',
  'inbox:list': 'view',
  'item:get': 'item-read',
  'item:act': 'item-act',
  'renewals:approve-ready': 'item-batch',
  'results:release-normal': 'item-batch',
  'outbox:list': 'own-actions',
  'outbox:resolve': 'own-actions',
};

/**
 * The handlers behind the access policy: before each runs, the check its reach calls for. Batches
 * and queued actions check inside their handlers (each item, each action's author), and the
 * scoped reads select with the person's scope; here they still need someone signed in.
 */
export function guardChannels(handlers: DeskHandlers, access: DeskAccess): DeskHandlers {
  const guarded: Record<string, unknown> = {};
  for (const channel of Object.keys(handlers) as (keyof DeskHandlers)[]) {
    const handler = handlers[channel] as (arg: unknown) => unknown;
    const check = checkFor(CHANNEL_REACH[channel], access);
    guarded[channel] =
      check === null
        ? handler
        : async (arg: unknown) => {
            await check(arg);
            return handler(arg);
          };
  }
  return guarded as unknown as DeskHandlers;
}

function checkFor(reach: ChannelReach, access: DeskAccess): ((arg: unknown) => Promise<void>) | null {
  switch (reach) {
    case 'no-patient-data':
      return null;
    case 'own-scope':
    case 'item-batch':
    case 'own-actions':
      return async () => {
        await access.scope();
      };
    case 'view':
      return (arg) => access.view((arg as ChannelArgs['inbox:list']).view);
    case 'item-read':
      return (arg) => access.read((arg as ChannelArgs['item:get']).id);
    case 'item-act': {
      return (arg) => {
        const { id, kind, payload } = arg as ChannelArgs['item:act'];
        return access.act(id, kind, payload);
      };
    }
  }
}
