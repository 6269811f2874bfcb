import type { Kysely } from 'kysely';
import type { AppInfo, DeskHandlers } from '../../shared/ipc/contract';
import type { SyncStatus } from '../../shared/sync-status';
import type { DB } from '../db/schema';
import { readDiagnostics } from '../diagnostics/diagnostics-queries';
import type { DerivationConfig } from '../cache/derivation-config';
import { DEFAULT_GREETING, DEFAULT_QUICK_TEXTS, unfilledPlaceholderProblem } from '../../shared/quick-texts';
import type { GreetingStyle } from '../../shared/quick-texts';
import type { QuickText } from '../../shared/work-item';
import { getItemDetail, listInbox, listViews } from '../inbox/queries';
import type { DeskUser } from '../session/desk-user';
import { listQueue, queueCounts } from '../outbox/queue-queries';
import { ActionRejectedError, recordAction } from '../outbox/record-action';
import { resolveAction, ResolutionError } from '../outbox/resolve-action';
import { DEFAULT_RENEWAL_PROTOCOL } from '../../domain/renewals/protocol';
import type { RenewalProtocol } from '../../domain/renewals/protocol';
import { PRESCRIBERS_ONLY, PROVIDERS_ONLY } from '../outbox/action-guards';
import { releaseNormalResults } from '../results/release-normal';
import { approveReadyRenewals } from '../renewals/approve-ready';
import { isPrescriber, practitionerIdOf } from '../renewals/prescribers';
import { isAllowedExternalUrl } from '../window/hardening';
import { HandlerError } from './dispatcher';
import { recordAudit } from '../audit/audit-chain';
import type { AccessPolicy } from '../../domain/access/access-policy';
import { DEFAULT_ACCESS_POLICY } from '../../domain/access/access-policy';
import { guardChannels } from '../access/channel-access';
import { createDeskAccess } from '../access/desk-access';
import type { DeskAccess } from '../access/desk-access';
import { listingAudit } from '../access/listing-audit';

export interface HandlerContext {
  db: Kysely<DB>;
  appInfo: () => AppInfo | Promise<AppInfo>;
  /** The system browser (Electron's `shell.openExternal`); a fake in tests. */
  openExternal: (url: string) => Promise<void>;
  /** The background sync; null when the cache is read without a portal (a CLI-seeded file, some tests). */
  sync: { status(): SyncStatus; syncNow(): Promise<SyncStatus>; writeMode?(): string | null } | null;
  /** The person using this desk ("My items", their pools); null when nobody is (actions are refused). */
  user: () => Promise<DeskUser | null>;
  /** Epoch ms: "overdue", "near due", last and next visit are judged against it (tests fix it). */
  now: () => number;
  /** The clinic's reply texts (its quick-texts.json, or the defaults). */
  quickTexts?: () => QuickText[];
  /** How the quick texts greet the patient (the clinic's quick-texts.json); first name when absent. */
  greeting?: () => GreetingStyle;
  /**
   * The clinic's triage rules and business-hours policy the cache was derived with: local actions
   * derive their copies with it and the item view explains due times by it (defaults when absent).
   */
  derivation?: DerivationConfig;
  /** What is wrong with the clinic's settings files, shown in the diagnostics. */
  configProblems?: readonly string[];
  /** The clinic's renewal protocol (its renewal-protocol.json, or the defaults). */
  renewalProtocol?: RenewalProtocol;
  /** After a staff action or resolution is on disk: refresh the views, push soon. */
  onLocalChange: () => void;
  /** The clinic's access policy (its access-policy.json); least privilege when absent. */
  accessPolicy?: AccessPolicy;
}

/** What a cache without a portal reports: nothing to sync, and no pretence of being online. */
const NO_SYNC: SyncStatus = {
  running: false,
  firstLoad: false,
  connection: 'unknown',
  offlineSince: null,
  lastSuccessAt: null,
  progress: null,
  problem: null,
  quarantined: 0,
  queue: { waiting: 0, needsReview: 0 },
};

/** The actor of an audit row when nobody is signed in (until sign-in, a configured desk can read). */
const UNIDENTIFIED = 'unidentified';

async function patientOfItem(db: Kysely<DB>, id: string): Promise<string | null> {
  const row = await db.selectFrom('work_item').select('patient_id').where('id', '=', id).executeTakeFirst();
  return row?.patient_id ?? null;
}

async function requireActor(ctx: HandlerContext): Promise<string> {
  const actor = (await ctx.user())?.reference ?? null;
  if (actor === null)
    throw new HandlerError('invalid-argument', 'Nobody is signed in on this desk, so no action can be recorded.');
  return actor;
}

/**
 * Main's implementation of the contract, behind the clinic's access policy (channel-access.ts).
 * Plain Node: the tests call these exactly as main does.
 */
export function createHandlers(ctx: HandlerContext): DeskHandlers {
  const access = createDeskAccess({
    db: ctx.db,
    policy: ctx.accessPolicy ?? DEFAULT_ACCESS_POLICY,
    user: ctx.user,
    now: ctx.now,
  });
  const listings = listingAudit(ctx);
  return guardChannels(
    {
      'app:info': () => ctx.appInfo(),
      'inbox:views': async () => {
        const scope = await access.scope();
        return listViews(ctx.db, scope.person.id, ctx.now(), scope);
      },
      'inbox:list': async (arg) => {
        const scope = await access.scope();
        const page = await listInbox(ctx.db, arg, {
          userId: scope.person.id,
          now: ctx.now(),
          scope,
          ...(ctx.renewalProtocol === undefined ? {} : { renewalProtocol: ctx.renewalProtocol }),
        });
        await listings.shown(scope.person.id, arg, page.items);
        return page;
      },
      'item:get': async ({ id }) => {
        const detail = await getItemDetail(ctx.db, id, {
          now: ctx.now(),
          policy: ctx.derivation?.policy,
          userId: (await ctx.user())?.id ?? null,
          ...(ctx.renewalProtocol === undefined ? {} : { renewalProtocol: ctx.renewalProtocol }),
          quickTexts: ctx.quickTexts?.() ?? DEFAULT_QUICK_TEXTS,
          greeting: ctx.greeting?.() ?? DEFAULT_GREETING,
        });
        if (detail === null) throw new HandlerError('not-found', `Work item ${id} is not in the local cache.`);
        // Who looked at which patient's record, and when (HIPAA audit controls).
        await recordAudit(ctx.db, {
          at: ctx.now(),
          actor: (await ctx.user())?.reference ?? UNIDENTIFIED,
          event: 'view',
          workItemId: id,
          patientId: detail.item.patientId,
          clientUuid: null,
          outcome: 'success',
          detail: null,
        });
        return detail;
      },
      'link:open': async ({ url }) => {
        if (!isAllowedExternalUrl(url)) {
          throw new HandlerError(
            'invalid-argument',
            `Links to ${new URL(url).host} are not on the clinic's allow-list.`,
          );
        }
        await ctx.openExternal(url);
        return { opened: true };
      },
      'sync:status': async () => ctx.sync?.status() ?? { ...NO_SYNC, queue: await queueCounts(ctx.db) },
      'sync:now': async () => (await ctx.sync?.syncNow()) ?? { ...NO_SYNC, queue: await queueCounts(ctx.db) },
      'diagnostics:get': async () => {
        // A quarantined resource's raw JSON may be any pool's patient: a supervisor's to read, audited.
        const scope = await access.scope();
        const supervisor = scope.led === 'every';
        const diagnostics = await readDiagnostics(
          ctx.db,
          (await ctx.appInfo()).portalUrl,
          ctx.configProblems ?? [],
          ctx.sync?.writeMode?.() ?? null,
          supervisor,
        );
        if (supervisor && diagnostics.quarantine.length > 0) {
          await recordAudit(ctx.db, {
            at: ctx.now(),
            actor: `Practitioner/${scope.person.id}`,
            event: 'diagnostics.quarantine',
            workItemId: null,
            patientId: null,
            clientUuid: null,
            outcome: 'success',
            detail: JSON.stringify({ shown: diagnostics.quarantine.map((q) => q.id) }),
          });
        }
        return diagnostics;
      },
      'item:act': async ({ id, kind, payload }) => {
        const actor = await requireActor(ctx);
        try {
          const { actionId } = await recordAction(ctx.db, {
            workItemId: id,
            kind,
            payload,
            actor,
            derivation: ctx.derivation,
          });
          ctx.onLocalChange();
          return { actionId };
        } catch (error) {
          if (error instanceof ActionRejectedError) {
            // A refused decision is audited too: who tried what, and why it was not recorded.
            await recordAudit(ctx.db, {
              at: ctx.now(),
              actor,
              event: `action.${kind}`,
              workItemId: id,
              patientId: await patientOfItem(ctx.db, id),
              clientUuid: null,
              outcome: `refused: ${error.message}`,
              detail: JSON.stringify(payload),
            });
            throw new HandlerError('invalid-argument', error.message);
          }
          throw error;
        }
      },
      'outbox:list': async () => listQueue(ctx.db, await requireActor(ctx)),
      'outbox:resolve': async ({ actionId, resolution }) => {
        const actor = await requireActor(ctx);
        await checkOwnAction(ctx.db, access, actionId, actor, resolution);
        try {
          await resolveAction(ctx.db, { actionId, resolution, actor, derivation: ctx.derivation });
        } catch (error) {
          if (error instanceof ResolutionError) throw new HandlerError('invalid-argument', error.message);
          throw error;
        }
        ctx.onLocalChange();
        return { resolved: true };
      },
      'quick-texts:list': () => ctx.quickTexts?.() ?? DEFAULT_QUICK_TEXTS,
      'renewals:approve-ready': async ({ ids }) => {
        const actor = await requireActor(ctx);
        const userId = practitionerIdOf(actor);
        // Said once for the batch, rather than once per item.
        if (userId === null || !(await isPrescriber(ctx.db, userId))) {
          await access.audited('action.renew', null, PRESCRIBERS_ONLY, { ids });
          throw new HandlerError('forbidden', PRESCRIBERS_ONLY);
        }
        const { allowed, refused } = await access.splitBatch(ids, 'renew');
        const result = await approveReadyRenewals(ctx.db, allowed, {
          actor,
          userId,
          now: ctx.now(),
          protocol: ctx.renewalProtocol ?? DEFAULT_RENEWAL_PROTOCOL,
          quickTexts: ctx.quickTexts?.() ?? DEFAULT_QUICK_TEXTS,
          ...(ctx.derivation === undefined ? {} : { derivation: ctx.derivation }),
        });
        if (result.approved.length > 0) ctx.onLocalChange();
        return { ...result, skipped: [...refused, ...result.skipped] };
      },
      'results:release-normal': async ({ ids, comment }) => {
        const actor = await requireActor(ctx);
        const userId = practitionerIdOf(actor);
        if (userId === null || !(await isPrescriber(ctx.db, userId))) {
          await access.audited('action.release', null, PROVIDERS_ONLY, { ids });
          throw new HandlerError('forbidden', PROVIDERS_ONLY);
        }
        const gap = comment === undefined ? null : unfilledPlaceholderProblem(comment);
        if (gap !== null) {
          // One comment to every patient: the whole batch is refused, once, before anything is judged.
          await access.audited('action.release', null, gap, { ids });
          throw new HandlerError('invalid-argument', `Nothing released. ${gap}`);
        }
        const { allowed, refused } = await access.splitBatch(ids, 'release');
        const result = await releaseNormalResults(ctx.db, allowed, {
          actor,
          ...(comment === undefined ? {} : { comment }),
          ...(ctx.derivation === undefined ? {} : { derivation: ctx.derivation }),
        });
        if (result.released.length > 0) ctx.onLocalChange();
        return { ...result, skipped: [...refused, ...result.skipped] };
      },
    },
    access,
  );
}

/**
 * A queued action is resolved by the person who decided it: on a desk others have used, someone
 * else's decision is not theirs to discard or force. Forcing one's own ("apply mine") is a new
 * write to the item, so the policy is asked again.
 */
async function checkOwnAction(
  db: Kysely<DB>,
  access: DeskAccess,
  actionId: number,
  actor: string,
  resolution: 'retry' | 'discard' | 'apply-mine',
): Promise<void> {
  const row = await db
    .selectFrom('outbox_action')
    .select(['actor', 'work_item_id', 'kind', 'payload'])
    .where('action_id', '=', actionId)
    .executeTakeFirst();
  if (row === undefined) return; // resolveAction says it is not there.
  if (row.actor !== actor) {
    const reason = 'Someone else decided this: only they can retry, discard or apply it.';
    await access.audited(`outbox.${resolution}`, row.work_item_id, reason, { actionId });
    throw new HandlerError('forbidden', reason);
  }
  if (resolution !== 'discard') await access.act(row.work_item_id, row.kind, JSON.parse(row.payload) as unknown);
}
