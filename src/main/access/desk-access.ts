import type { Kysely } from 'kysely';
import type { AccessPolicy } from '../../domain/access/access-policy';
import { ledPools, mayAct, mayOpenView, mayRead, readablePools } from '../../domain/access/decide';
import type { ActRequest, Person, Verdict } from '../../domain/access/decide';
import type { InboxView } from '../../shared/work-item';
import { recordAudit } from '../audit/audit-chain';
import type { DB } from '../db/schema';
import { HandlerError } from '../ipc/dispatcher';
import type { DeskUser } from '../session/desk-user';
import { practitionerIdOf } from '../renewals/prescribers';
import { itemPlaceOf, personOf, poolOf } from './access-facts';

/** What the signed-in person may read: the pools ('every', or these), those they lead, and who they are. */
export interface ReadScope {
  person: Person;
  readable: 'every' | ReadonlySet<string>;
  led: 'every' | ReadonlySet<string>;
}

export interface DeskAccess {
  /** The signed-in person as the roster has them; refused (signed-out) when nobody is. */
  scope(): Promise<ReadScope>;
  /** Throws a `forbidden` HandlerError, audited, unless the person may read the item. */
  read(itemId: string): Promise<void>;
  view(view: InboxView): Promise<void>;
  act(itemId: string, kind: string, payload: unknown): Promise<void>;
  /**
   * A batch's ids the person may decide, and the rest with why not (each refusal audited): a
   * batch skips what it may not do rather than failing whole.
   */
  splitBatch(
    ids: readonly string[],
    kind: 'renew' | 'release',
  ): Promise<{ allowed: string[]; refused: { id: string; reason: string }[] }>;
  /** A refusal a handler decided itself (a batch's skipped items, another's queued action), audited. */
  audited(event: string, itemId: string | null, reason: string, detail?: unknown): Promise<void>;
}

export interface DeskAccessOptions {
  db: Kysely<DB>;
  policy: AccessPolicy;
  user: () => Promise<DeskUser | null>;
  now: () => number;
}

/**
 * The clinic's access policy at the process boundary: each handler asks before it reads or writes
 * anything of an item, a pool or a view. The page hides what a person may not do; this is what
 * refuses it when a page (or anything posing as one) asks anyway. Refusals are audited.
 */
export function createDeskAccess(options: DeskAccessOptions): DeskAccess {
  const { db } = options;

  const person = async (): Promise<Person> => {
    const user = await options.user();
    if (user === null) throw new HandlerError('signed-out', 'Sign in to see and act on the clinic’s items.');
    const found = await personOf(db, user.id);
    // Signed in, but not (yet) on the roster the cache holds: no pools, no roles, their own items only.
    return found ?? { id: user.id, name: user.name, roles: [], pools: new Map() };
  };

  const audit = async (
    whoId: string,
    reason: string,
    what: { event: string; itemId: string | null; detail?: unknown },
  ): Promise<void> =>
    recordAudit(db, {
      at: options.now(),
      actor: `Practitioner/${whoId}`,
      event: what.event,
      workItemId: what.itemId,
      patientId: what.itemId === null ? null : await patientOf(db, what.itemId),
      clientUuid: null,
      outcome: `refused: ${reason}`,
      detail: what.detail === undefined ? null : JSON.stringify(what.detail),
    });

  const refuse = async (
    who: Person,
    verdict: Verdict,
    what: { event: string; itemId: string | null; detail?: unknown },
  ) => {
    if (verdict.ok) return;
    await audit(who.id, verdict.reason, what);
    throw new HandlerError('forbidden', verdict.reason);
  };

  const verdictToAct = async (who: Person, itemId: string, kind: string, payload: unknown): Promise<Verdict> => {
    const place = await itemPlaceOf(db, itemId);
    if (place === null) throw new HandlerError('not-found', `Work item ${itemId} is not in the local cache.`);
    return mayAct(options.policy, who, place, await requestOf(db, kind, payload));
  };

  return {
    scope: async () => {
      const who = await person();
      return { person: who, readable: readablePools(options.policy, who), led: ledPools(options.policy, who) };
    },
    read: async (itemId) => {
      const who = await person();
      const place = await itemPlaceOf(db, itemId);
      if (place === null) throw new HandlerError('not-found', `Work item ${itemId} is not in the local cache.`);
      await refuse(who, mayRead(options.policy, who, place), { event: 'view', itemId });
    },
    view: async (view) => {
      const who = await person();
      const pool = view.kind === 'pool' ? await poolOf(db, view.poolId) : null;
      await refuse(who, mayOpenView(options.policy, who, { kind: view.kind, pool }), {
        event: 'list',
        itemId: null,
        detail: { view },
      });
    },
    act: async (itemId, kind, payload) => {
      const who = await person();
      await refuse(who, await verdictToAct(who, itemId, kind, payload), {
        event: `action.${kind}`,
        itemId,
        detail: payload,
      });
    },
    splitBatch: async (ids, kind) => {
      const who = await person();
      const allowed: string[] = [];
      const refused: { id: string; reason: string }[] = [];
      for (const id of new Set(ids)) {
        const verdict = await verdictToAct(who, id, kind, {}).catch((error: unknown) => {
          if (error instanceof HandlerError && error.code === 'not-found') return refusal(error.message);
          throw error;
        });
        if (verdict.ok) {
          allowed.push(id);
          continue;
        }
        await audit(who.id, verdict.reason, { event: `action.${kind}`, itemId: id });
        refused.push({ id, reason: verdict.reason });
      }
      return { allowed, refused };
    },
    audited: async (event, itemId, reason, detail) =>
      audit((await person()).id, reason, { event, itemId, ...(detail === undefined ? {} : { detail }) }),
  };
}

/** The action as the policy sees it: with the person or pool it names looked up on the roster. */
async function requestOf(db: Kysely<DB>, kind: string, payload: unknown): Promise<ActRequest> {
  const named = (payload as { to?: unknown; pool?: unknown } | null) ?? {};
  if (kind === 'assign' || kind === 'pend') {
    if (typeof named.to !== 'string') return { kind };
    const id = practitionerIdOf(named.to);
    return { kind, to: id === null ? null : await personOf(db, id) };
  }
  if (kind === 'route') {
    const reference = typeof named.pool === 'string' ? named.pool : '';
    return {
      kind,
      to: reference.startsWith('CareTeam/') ? await poolOf(db, reference.slice('CareTeam/'.length)) : null,
    };
  }
  return { kind };
}

const refusal = (reason: string): Verdict => ({ ok: false, reason });

async function patientOf(db: Kysely<DB>, itemId: string): Promise<string | null> {
  const row = await db.selectFrom('work_item').select('patient_id').where('id', '=', itemId).executeTakeFirst();
  return row?.patient_id ?? null;
}
