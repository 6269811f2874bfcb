import { describe, expect, it } from 'vitest';
import { DEFAULT_ACCESS_POLICY, parseAccessPolicy } from './access-policy';
import type { AccessPolicy } from './access-policy';
import { ledPools, mayAct, mayOpenView, mayRead, readablePools } from './decide';
import type { ItemPlace, Person, Pool } from './decide';

const NURSING: Pool = { id: 'pool-nursing', name: 'Nursing Team' };
const BLUE: Pool = { id: 'pool-blue', name: 'PCM Team Blue' };
const GOLD: Pool = { id: 'pool-gold', name: 'PCM Team Gold' };
const PHARMACY: Pool = { id: 'pool-pharmacy', name: 'Pharmacy' };

const person = (id: string, roles: string[], pools: [Pool, 'member' | 'lead'][]): Person => ({
  id,
  name: id,
  roles,
  pools: new Map(pools.map(([pool, how]) => [pool.id, { lead: how === 'lead' }])),
});

const nurse = person('rn-delgado', ['nurse'], [[NURSING, 'member']]);
const blueNurse = person(
  'rn-osei',
  ['nurse'],
  [
    [NURSING, 'member'],
    [BLUE, 'member'],
  ],
);
const nursingLead = person('rn-harper', ['nurse'], [[NURSING, 'lead']]);
const bluePcm = person('pcm-tanaka', ['pcm'], [[BLUE, 'member']]);
const goldPcm = person('pcm-obrien', ['pcm'], [[GOLD, 'member']]);
const pharmacist = person('rph-adeyemi', ['pharmacist'], [[PHARMACY, 'member']]);

const inPool = (pool: Pool | null, assignee: string | null = null): ItemPlace => ({ pool, assignee });
const ok = { ok: true };
const no = (reason: RegExp) => ({ ok: false, reason: expect.stringMatching(reason) as string });
const policy = (over: Partial<AccessPolicy>): AccessPolicy => ({ ...DEFAULT_ACCESS_POLICY, ...over });

describe('reading', () => {
  it('is of the pools a person works in, and what is assigned to them', () => {
    expect(mayRead(DEFAULT_ACCESS_POLICY, nurse, inPool(NURSING))).toEqual(ok);
    expect(mayRead(DEFAULT_ACCESS_POLICY, nurse, inPool(PHARMACY))).toEqual(
      no(/^Pharmacy is not one of your pools: only its members and leads work on its items\.$/),
    );
    expect(mayRead(DEFAULT_ACCESS_POLICY, nurse, inPool(PHARMACY, 'rn-delgado'))).toEqual(ok);
  });

  it('of an item in no pool is for leads, who route it', () => {
    expect(mayRead(DEFAULT_ACCESS_POLICY, nurse, inPool(null))).toEqual(no(/in no pool/));
    expect(mayRead(DEFAULT_ACCESS_POLICY, nursingLead, inPool(null))).toEqual(ok);
  });

  it('widens to every pool for supervisors, or for everyone where the clinic reads across pools', () => {
    expect(mayRead(policy({ supervisors: ['rn-delgado'] }), nurse, inPool(PHARMACY))).toEqual(ok);
    expect(mayRead(policy({ readAcrossPools: true }), nurse, inPool(PHARMACY))).toEqual(ok);
    expect(readablePools(DEFAULT_ACCESS_POLICY, blueNurse)).toEqual(new Set([NURSING.id, BLUE.id]));
    expect(readablePools(policy({ readAcrossPools: true }), nurse)).toBe('every');
  });
});

describe('views', () => {
  it('"All pools" and "Escalated" are for leads and supervisors', () => {
    for (const kind of ['all', 'escalated'] as const) {
      expect(mayOpenView(DEFAULT_ACCESS_POLICY, nurse, { kind })).toEqual(no(/^Only pool leads see/));
      expect(mayOpenView(DEFAULT_ACCESS_POLICY, nursingLead, { kind })).toEqual(ok);
      expect(mayOpenView(policy({ supervisors: [nurse.id] }), nurse, { kind })).toEqual(ok);
    }
    expect(ledPools(DEFAULT_ACCESS_POLICY, nursingLead)).toEqual(new Set([NURSING.id]));
    expect(ledPools(DEFAULT_ACCESS_POLICY, nurse)).toEqual(new Set());
  });

  it('a pool view is of a pool the person may read', () => {
    expect(mayOpenView(DEFAULT_ACCESS_POLICY, nurse, { kind: 'pool', pool: NURSING })).toEqual(ok);
    expect(mayOpenView(DEFAULT_ACCESS_POLICY, nurse, { kind: 'pool', pool: BLUE })).toEqual(no(/PCM Team Blue/));
    expect(mayOpenView(DEFAULT_ACCESS_POLICY, nurse, { kind: 'pool', pool: null })).toEqual(no(/no such pool/));
  });
});

describe('acting', () => {
  it('is in the pools a person works in, never from reading across pools', () => {
    expect(mayAct(DEFAULT_ACCESS_POLICY, nurse, inPool(NURSING), { kind: 'claim' })).toEqual(ok);
    expect(mayAct(policy({ readAcrossPools: true }), nurse, inPool(PHARMACY), { kind: 'reply' })).toEqual(
      no(/^Pharmacy is not one of your pools/),
    );
    expect(mayAct(DEFAULT_ACCESS_POLICY, nurse, inPool(PHARMACY, nurse.id), { kind: 'note' })).toEqual(ok);
  });

  it('on an item in no pool is for leads, who route it first', () => {
    const unrouted = inPool(null);
    const toPharmacy = { kind: 'route', to: { ...PHARMACY, active: true } };
    expect(mayAct(DEFAULT_ACCESS_POLICY, nursingLead, unrouted, toPharmacy)).toEqual(ok);
    expect(mayAct(DEFAULT_ACCESS_POLICY, nurse, unrouted, toPharmacy)).toEqual(no(/in no pool: a pool lead routes it/));
  });

  it('assigns only to members of the item’s pool', () => {
    const item = inPool(NURSING);
    expect(mayAct(DEFAULT_ACCESS_POLICY, nurse, item, { kind: 'assign', to: blueNurse })).toEqual(ok);
    expect(mayAct(DEFAULT_ACCESS_POLICY, nurse, item, { kind: 'assign', to: pharmacist })).toEqual(
      no(/^rph-adeyemi is not in Nursing Team: assign it to one of its members, or route it to their pool\.$/),
    );
    expect(mayAct(DEFAULT_ACCESS_POLICY, nurse, item, { kind: 'assign', to: null })).toEqual(
      no(/not on the clinic roster/),
    );
  });

  it('routes only to an active pool', () => {
    const item = inPool(NURSING);
    expect(mayAct(DEFAULT_ACCESS_POLICY, nurse, item, { kind: 'route', to: { ...PHARMACY, active: true } })).toEqual(
      ok,
    );
    expect(mayAct(DEFAULT_ACCESS_POLICY, nurse, item, { kind: 'route', to: { ...PHARMACY, active: false } })).toEqual(
      no(/active pool/),
    );
    expect(mayAct(DEFAULT_ACCESS_POLICY, nurse, item, { kind: 'route', to: null })).toEqual(no(/active pool/));
  });

  it('keeps a PCM’s decisions to their team, unless the item is assigned to them or the clinic says otherwise', () => {
    for (const kind of ['renew', 'deny', 'release', 'hold']) {
      expect(mayAct(DEFAULT_ACCESS_POLICY, bluePcm, inPool(BLUE), { kind })).toEqual(ok);
      expect(mayAct(DEFAULT_ACCESS_POLICY, goldPcm, inPool(BLUE), { kind })).toEqual(no(/PCM Team Blue is not one/));
      expect(mayAct(DEFAULT_ACCESS_POLICY, goldPcm, inPool(BLUE, goldPcm.id), { kind })).toEqual(ok);
      expect(mayAct(DEFAULT_ACCESS_POLICY, blueNurse, inPool(BLUE), { kind })).toEqual(no(/^Only a/));
    }
    // A supervisor works in every pool, but decides only as a PCM of the team.
    const supervisor = person('pcm-obrien', ['pcm'], [[GOLD, 'member']]);
    expect(mayAct(policy({ supervisors: [supervisor.id] }), supervisor, inPool(BLUE), { kind: 'renew' })).toEqual(
      no(/are decided by the PCMs of PCM Team Blue/),
    );
    expect(
      mayAct(policy({ prescriberScope: 'clinic', supervisors: [goldPcm.id] }), goldPcm, inPool(BLUE), {
        kind: 'renew',
      }),
    ).toEqual(ok);
  });

  it('pends a renewal only to a PCM who may decide it', () => {
    const item = inPool(BLUE);
    expect(mayAct(DEFAULT_ACCESS_POLICY, blueNurse, item, { kind: 'pend', to: bluePcm })).toEqual(ok);
    expect(mayAct(DEFAULT_ACCESS_POLICY, blueNurse, item, { kind: 'pend', to: goldPcm })).toEqual(
      no(/^pcm-obrien is not a PCM of PCM Team Blue/),
    );
    expect(mayAct(DEFAULT_ACCESS_POLICY, blueNurse, item, { kind: 'pend', to: nurse })).toEqual(no(/is not a PCM:/));
    expect(mayAct(policy({ prescriberScope: 'clinic' }), blueNurse, item, { kind: 'pend', to: goldPcm })).toEqual(ok);
  });
});

describe('the clinic’s access-policy.json', () => {
  it('defaults every field to least privilege', () => {
    expect(parseAccessPolicy({})).toEqual({ ok: true, policy: DEFAULT_ACCESS_POLICY });
  });

  it('names each problem by its field', () => {
    expect(parseAccessPolicy({ supervisors: ['ok', 'not an id'], prescriberScope: 'anyone', extra: 1 })).toEqual({
      ok: false,
      problems: [
        expect.stringMatching(/^supervisors\[1\]: must be a Practitioner id/),
        expect.stringMatching(/^prescriberScope: /),
        expect.stringMatching(/extra/),
      ],
    });
  });
});
