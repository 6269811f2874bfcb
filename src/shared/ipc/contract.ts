import { z } from 'zod';
import type { Result } from './result';
import type { QueuedAction } from '../outbox-view';
import { actArgumentSchema } from '../staff-actions';
import type { SessionState } from '../session';
import type { Diagnostics, SyncStatus } from '../sync-status';
import { PRIORITIES, WORK_TYPES } from '../work-item';
import type { InboxPage, InboxViews, QuickText, WorkItemDetail } from '../work-item';
import type { BatchApproval } from '../renewals';
import type { BatchRelease } from '../results';
import type {
  ApiName,
  Channel,
  EventChannel,
  EventName,
  eventChannels,
  invokeChannels,
  SessionChannel,
} from './channels';

/**
 * The one typed contract between renderer and main. Each channel takes one object argument,
 * validated by its schema in main; anything the renderer sends is untrusted input.
 */
const resourceId = z
  .string()
  .regex(/^[A-Za-z0-9\-.]{1,64}$/, 'must be a FHIR id (letters, digits, "-" or ".", at most 64)')
  // Also bounded by the pattern; stated so the contract's bounds test can see it.
  .max(64);

export const argumentSchemas = {
  'app:info': z.object({}).strict(),
  'inbox:views': z.object({}).strict(),
  'inbox:list': z
    .object({
      view: z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('mine') }).strict(),
        z.object({ kind: z.literal('pool'), poolId: resourceId }).strict(),
        z.object({ kind: z.literal('all') }).strict(),
        z.object({ kind: z.literal('escalated') }).strict(),
        z.object({ kind: z.literal('renewals') }).strict(),
        z.object({ kind: z.literal('results') }).strict(),
      ]),
      filters: z
        .object({
          workTypes: z.array(z.enum(WORK_TYPES)).max(WORK_TYPES.length),
          priorities: z.array(z.enum(PRIORITIES)).max(PRIORITIES.length),
          status: z.enum(['open', 'closed']),
          due: z.enum(['any', 'overdue', 'near-due']),
          unassignedOnly: z.boolean(),
        })
        .strict(),
      /** Words to find in subjects and message bodies; '' for none. */
      search: z.string().max(200),
      offset: z.number().int().min(0),
      limit: z.number().int().min(1).max(1000),
      /** An item whose place in the whole list the page should say (`position`): the selected one. */
      find: resourceId.optional(),
    })
    .strict(),
  'item:get': z.object({ id: resourceId }).strict(),
  'link:open': z.object({ url: z.url({ protocol: /^https$/ }).max(2048) }).strict(),
  'sync:status': z.object({}).strict(),
  'sync:now': z.object({}).strict(),
  'diagnostics:get': z.object({}).strict(),
  'item:act': actArgumentSchema,
  'outbox:list': z.object({}).strict(),
  'outbox:resolve': z
    .object({ actionId: z.number().int().positive(), resolution: z.enum(['retry', 'discard', 'apply-mine']) })
    .strict(),
  'quick-texts:list': z.object({}).strict(),
  /** Approve, each on its own (own outbox and audit rows), the listed renewals whose criteria are all met. */
  'renewals:approve-ready': z.object({ ids: z.array(resourceId).min(1).max(200) }).strict(),
  /**
   * Release, each on its own (own outbox and audit rows), the listed results whose values are all
   * normal, with the same optional comment to each patient.
   */
  'results:release-normal': z
    .object({ ids: z.array(resourceId).min(1).max(200), comment: z.string().trim().min(1).max(4000).optional() })
    .strict(),
  'session:get': z.object({}).strict(),
  /** Opens the portal's sign-in page in the system browser; resolves once signed in (or refused). */
  'session:sign-in': z.object({}).strict(),
  /** Gives up a sign-in still waiting in the browser (say, when no browser opened). */
  'session:cancel-sign-in': z.object({}).strict(),
  'session:sign-out': z.object({}).strict(),
  /** The renderer saw no activity for the idle time: PHI leaves the screen and the key leaves memory. */
  'session:lock': z.object({ reason: z.enum(['idle', 'user']) }).strict(),
} satisfies Record<Channel, z.ZodType>;

export interface AppInfo {
  version: string;
  clinicName: string;
  /** Where the cache's data comes from: the built-in demo clinic, or a configured portal. */
  dataSource: 'demo' | 'portal';
  portalUrl: string | null;
  /** The person this desk acts as; null when nobody is signed in. */
  userName: string | null;
  /** The user holds the PCM role: may approve and deny renewals, release and hold results. */
  canPrescribe: boolean;
}

export interface ChannelResults {
  'app:info': AppInfo;
  'inbox:views': InboxViews;
  'inbox:list': InboxPage;
  'item:get': WorkItemDetail;
  'link:open': { opened: true };
  'sync:status': SyncStatus;
  /** Resolves when the pass asked for has finished, with the status it left. */
  'sync:now': SyncStatus;
  'diagnostics:get': Diagnostics;
  /** Resolves once the decision is on disk (local change, outbox row, audit row). */
  'item:act': { actionId: number };
  'outbox:list': QueuedAction[];
  'outbox:resolve': { resolved: true };
  'quick-texts:list': QuickText[];
  'renewals:approve-ready': BatchApproval;
  'results:release-normal': BatchRelease;
  'session:get': SessionState;
  'session:sign-in': SessionState;
  'session:cancel-sign-in': SessionState;
  'session:sign-out': SessionState;
  'session:lock': SessionState;
}

export type ChannelArgs = { [C in Channel]: z.infer<(typeof argumentSchemas)[C]> };

/** What main pushes to the renderer, by event channel. */
export interface EventPayloads {
  'inbox:changed': { reason: 'seeded' | 'synced' | 'local-change' };
  'sync:changed': SyncStatus;
  'session:changed': SessionState;
}

type InvokeChannelOf<N extends ApiName> = (typeof invokeChannels)[N];
type EventChannelOf<N extends EventName> = (typeof eventChannels)[N];

/** The API the preload exposes to the page as `window.triageDesk`: named functions only. */
export type TriageDeskApi = {
  [N in ApiName]: (arg: ChannelArgs[InvokeChannelOf<N>]) => Promise<Result<ChannelResults[InvokeChannelOf<N>]>>;
} & {
  [N in EventName]: (listener: (payload: EventPayloads[EventChannelOf<N>]) => void) => () => void;
};

/** Main's side: one function per channel, given an already-validated argument. */
export type Handlers = {
  [C in Channel]: (arg: ChannelArgs[C]) => Promise<ChannelResults[C]> | ChannelResults[C];
};

/** What a signed-in user's desk answers: everything but the session's own channels. */
export type DeskHandlers = Omit<Handlers, SessionChannel>;
export type SessionHandlers = Pick<Handlers, SessionChannel>;

// Compile-time guard: every event channel has a payload type and vice versa.
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
export const eventChannelsMatch: Exact<EventChannel, keyof EventPayloads> = true;
export const invokeChannelsMatch: Exact<Channel, keyof ChannelResults> = true;
