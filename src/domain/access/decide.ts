import type { AccessPolicy } from './access-policy';

/*
 * Who may read and act where: the clinic's access policy applied to what the roster says. Pure, so
 * main's guard and the tests that check it judge with the same rules; main gathers the facts.
 */

/** docs/portal.md, Mapping: the PractitionerRole code of staff who sign prescriptions and release results. */
const PRESCRIBER_ROLE = 'pcm';

export interface Person {
  id: string;
  name: string;
  /** Staff role codes on the roster (nurse, pcm, pharmacist, clerk). */
  roles: readonly string[];
  /** The pools they belong to, by id, and whether they lead each. */
  pools: ReadonlyMap<string, { lead: boolean }>;
}

export interface Pool {
  id: string;
  name: string;
}

/** Where an item is: its pool (kept while a person has it), and the Practitioner id it is assigned to. */
export interface ItemPlace {
  pool: Pool | null;
  assignee: string | null;
}

export type Verdict = { ok: true } | { ok: false; reason: string };

const ALLOWED: Verdict = Object.freeze({ ok: true });
const refused = (reason: string): Verdict => ({ ok: false, reason });

export const isSupervisor = (policy: AccessPolicy, person: Person): boolean => policy.supervisors.includes(person.id);

/** A member or lead of the pool, or a supervisor: who works on its items. */
export const worksIn = (policy: AccessPolicy, person: Person, poolId: string): boolean =>
  isSupervisor(policy, person) || person.pools.has(poolId);

export const leads = (policy: AccessPolicy, person: Person, poolId: string): boolean =>
  isSupervisor(policy, person) || person.pools.get(poolId)?.lead === true;

/** Leads and supervisors see the lead views ("Escalated", "All pools"). */
export const isLead = (policy: AccessPolicy, person: Person): boolean =>
  isSupervisor(policy, person) || [...person.pools.values()].some((p) => p.lead);

export const isPrescriber = (person: Pick<Person, 'roles'>): boolean => person.roles.includes(PRESCRIBER_ROLE);

/** The pools whose items the person may read: 'every', or those they work in. */
export function readablePools(policy: AccessPolicy, person: Person): 'every' | ReadonlySet<string> {
  if (isSupervisor(policy, person) || policy.readAcrossPools) return 'every';
  return new Set(person.pools.keys());
}

/** The pools whose overdue items escalate to the person: 'every' for a supervisor. */
export function ledPools(policy: AccessPolicy, person: Person): 'every' | ReadonlySet<string> {
  if (isSupervisor(policy, person)) return 'every';
  return new Set([...person.pools].filter(([, p]) => p.lead).map(([id]) => id));
}

const notYourPool = (pool: Pool | null): string =>
  pool === null
    ? 'This item is in no pool: a pool lead routes it first.'
    : `${pool.name} is not one of your pools: only its members and leads work on its items.`;

/** Reading an item: one assigned to them, one in a pool they may read, or an unrouted one for a lead. */
export function mayRead(policy: AccessPolicy, person: Person, item: ItemPlace): Verdict {
  if (item.assignee === person.id) return ALLOWED;
  if (item.pool === null) return isLead(policy, person) ? ALLOWED : refused(notYourPool(null));
  const readable = readablePools(policy, person);
  return readable === 'every' || readable.has(item.pool.id) ? ALLOWED : refused(notYourPool(item.pool));
}

export type InboxViewKind = 'mine' | 'pool' | 'all' | 'escalated' | 'renewals' | 'results';

export function mayOpenView(
  policy: AccessPolicy,
  person: Person,
  view: { kind: InboxViewKind; pool?: Pool | null },
): Verdict {
  switch (view.kind) {
    case 'mine':
    case 'renewals':
    case 'results':
      // Their own rows only (the queries select them): nothing to refuse.
      return ALLOWED;
    case 'pool': {
      const pool = view.pool ?? null;
      if (pool === null) return refused('There is no such pool.');
      const readable = readablePools(policy, person);
      return readable === 'every' || readable.has(pool.id) ? ALLOWED : refused(notYourPool(pool));
    }
    case 'all':
    case 'escalated':
      return isLead(policy, person)
        ? ALLOWED
        : refused(`Only pool leads see ${view.kind === 'all' ? '"All pools"' : 'the escalated items'}.`);
  }
}

/** A staff action on an item, with what it names (the person assigned to, the pool routed to). */
export type ActRequest =
  | { kind: 'assign'; to: Person | null }
  | { kind: 'route'; to: (Pool & { active: boolean }) | null }
  | { kind: 'pend'; to: Person | null }
  | { kind: string };

/** Decisions only a prescriber makes, about their team's patients unless the item is theirs. */
const PRESCRIBER_DECISIONS: Readonly<Record<string, string>> = {
  renew: 'renewals',
  deny: 'renewals',
  release: 'results',
  hold: 'results',
};

/** Whether this prescriber decides items of the pool (or this one, assigned to them). */
function decidesFor(policy: AccessPolicy, person: Person, item: ItemPlace): boolean {
  if (policy.prescriberScope === 'clinic' || item.assignee === person.id) return true;
  return item.pool !== null && person.pools.has(item.pool.id);
}

/**
 * Acting on an item: it is theirs, or in a pool they work in (reading across pools is not acting
 * on them). Assignments go to members of the item's pool, routes to active pools, a PCM's
 * decisions stay within their team unless the item is assigned to them (covering), and a pended
 * renewal goes to a PCM who may decide it.
 */
export function mayAct(policy: AccessPolicy, person: Person, item: ItemPlace, request: ActRequest): Verdict {
  const mine = item.assignee === person.id;
  // An item in no pool is a lead's to route (or assign) first.
  const works = item.pool === null ? isLead(policy, person) : worksIn(policy, person, item.pool.id);
  if (!mine && !works) return refused(notYourPool(item.pool));
  const decision = PRESCRIBER_DECISIONS[request.kind];
  if (decision !== undefined) {
    if (!isPrescriber(person)) {
      return refused(
        decision === 'renewals'
          ? 'Only a PCM can approve or deny a renewal. Pend it for the PCM instead.'
          : 'Only a provider (PCM) can release or hold a result.',
      );
    }
    if (!decidesFor(policy, person, item)) {
      return refused(
        `This patient's ${decision} are decided by the PCMs of ${item.pool?.name ?? 'their team'}, or by a PCM the item is assigned to.`,
      );
    }
  }
  if ('to' in request) return checkTarget(policy, item, request);
  return ALLOWED;
}

function checkTarget(policy: AccessPolicy, item: ItemPlace, request: ActRequest & { to: unknown }): Verdict {
  if (request.kind === 'route') {
    const pool = request.to as (Pool & { active: boolean }) | null;
    return pool !== null && pool.active ? ALLOWED : refused('Items are routed to an active pool of this clinic.');
  }
  const to = request.to as Person | null;
  if (to === null) return refused('That person is not on the clinic roster.');
  if (request.kind === 'assign') {
    if (item.pool === null || worksIn(policy, to, item.pool.id)) return ALLOWED;
    return refused(
      `${to.name} is not in ${item.pool.name}: assign it to one of its members, or route it to their pool.`,
    );
  }
  // pend: to a prescriber who may decide it.
  if (!isPrescriber(to)) return refused(`${to.name} is not a PCM: a pended renewal goes to a prescriber.`);
  if (!decidesFor(policy, to, item)) {
    return refused(`${to.name} is not a PCM of ${item.pool?.name ?? 'this team'}: pend it to one of its PCMs.`);
  }
  return ALLOWED;
}
