import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CLINIC_POLICY } from '../../domain/business-hours/clinic-policy';
import { DEFAULT_RULES } from '../../domain/triage/default-rules';
import { DEFAULT_RENEWAL_PROTOCOL } from '../../domain/renewals/protocol';
import { DEFAULT_ACCESS_POLICY } from '../../domain/access/access-policy';
import {
  ACCESS_POLICY_FILE,
  CLINIC_POLICY_FILE,
  readClinicConfig,
  RENEWAL_PROTOCOL_FILE,
  TRIAGE_RULES_FILE,
} from './clinic-config';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function dataDir(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'triage-desk-clinic-config-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const PACIFIC = {
  timeZone: 'America/Los_Angeles',
  policyVersion: 'tripler-west-3',
  targets: { byPriority: { routine: { businessDays: 1 } } },
};

describe('readClinicConfig', () => {
  it('uses the built-in policy and rules when the folder has neither file, and says nothing', async () => {
    const config = await readClinicConfig(dataDir());
    expect(config.derivation.policy).toBe(DEFAULT_CLINIC_POLICY);
    expect(config.derivation.rules).toBe(DEFAULT_RULES);
    expect(config.renewalProtocol).toBe(DEFAULT_RENEWAL_PROTOCOL);
    expect(config.problems).toEqual([]);
  });

  it("reads the clinic's renewal protocol over the defaults, and names the field of a bad one", async () => {
    const good = await readClinicConfig(
      dataDir({
        [RENEWAL_PROTOCOL_FILE]: JSON.stringify({
          protocolVersion: 'harbor-2026.2',
          classes: { 'ace-inhibitor': { seenWithinMonths: 6 } },
        }),
      }),
    );
    expect(good.problems).toEqual([]);
    expect(good.renewalProtocol.protocolVersion).toBe('harbor-2026.2');
    expect(good.renewalProtocol.classes['ace-inhibitor'].seenWithinMonths).toBe(6);
    expect(good.renewalProtocol.classes.statin).toEqual(DEFAULT_RENEWAL_PROTOCOL.classes.statin);

    const bad = await readClinicConfig(
      dataDir({
        [RENEWAL_PROTOCOL_FILE]: JSON.stringify({ protocolVersion: 'x', classes: { controlled: { eligible: true } } }),
      }),
    );
    expect(bad.renewalProtocol).toBe(DEFAULT_RENEWAL_PROTOCOL);
    expect(bad.problems.join('\n')).toContain('renewal-protocol.json: classes.controlled.eligible');
  });

  it("reads the clinic's access policy, and a bad one widens nothing", async () => {
    expect((await readClinicConfig(dataDir())).accessPolicy).toBeNull();
    const good = await readClinicConfig(
      dataDir({ [ACCESS_POLICY_FILE]: JSON.stringify({ supervisors: ['rn-harper'], prescriberScope: 'clinic' }) }),
    );
    expect(good.problems).toEqual([]);
    expect(good.accessPolicy).toEqual({
      supervisors: ['rn-harper'],
      readAcrossPools: false,
      prescriberScope: 'clinic',
    });

    // A typo'd field is refused whole, not half-read: "readAccrossPools: true" must not pass as the default.
    const bad = await readClinicConfig(
      dataDir({ [ACCESS_POLICY_FILE]: JSON.stringify({ supervisors: ['Dana Harper'], readAccrossPools: true }) }),
    );
    expect(bad.accessPolicy).toEqual(DEFAULT_ACCESS_POLICY);
    expect(bad.problems[0]).toMatch(
      /^access-policy\.json is not used: the built-in access policy \(each person in their own pools only/,
    );
    expect(bad.problems.join('\n')).toContain('access-policy.json: supervisors[0]: must be a Practitioner id');
    expect(bad.problems.join('\n')).toContain('readAccrossPools');
  });

  it("reads the clinic's policy and tuned rules in the CLI's formats", async () => {
    const rules = { ...DEFAULT_RULES, version: 'tripler-rules-2' };
    const config = await readClinicConfig(
      dataDir({ [CLINIC_POLICY_FILE]: JSON.stringify(PACIFIC), [TRIAGE_RULES_FILE]: JSON.stringify(rules) }),
    );
    expect(config.problems).toEqual([]);
    expect(config.derivation.policy.calendar).toMatchObject({
      timeZone: 'America/Los_Angeles',
      policyVersion: 'tripler-west-3',
      federalHolidays: true,
    });
    expect(config.derivation.policy.targets).toEqual({ byPriority: { routine: { businessDays: 1 } }, byWorkType: {} });
    expect(config.derivation.rules.version).toBe('tripler-rules-2');
  });

  it('falls back per file and names the field at fault', async () => {
    const badPolicy = { ...PACIFIC, timeZone: 'Pacific/Nowhere', hours: { monday: ['7:30-12'] } };
    const config = await readClinicConfig(
      dataDir({
        [CLINIC_POLICY_FILE]: JSON.stringify(badPolicy),
        [TRIAGE_RULES_FILE]: JSON.stringify({ ...DEFAULT_RULES, version: 'ok-rules' }),
      }),
    );
    expect(config.derivation.policy).toBe(DEFAULT_CLINIC_POLICY);
    // The good file is still used: one bad file costs only its own part.
    expect(config.derivation.rules.version).toBe('ok-rules');
    expect(config.problems[0]).toBe(
      'clinic-policy.json is not used: the built-in business-hours policy is in force until it is fixed',
    );
    expect(config.problems).toContainEqual(expect.stringMatching(/^clinic-policy\.json: timeZone: "Pacific\/Nowhere"/));
    expect(config.problems).toContainEqual(expect.stringMatching(/^clinic-policy\.json: hours\.monday\[0\]: /));
  });

  it('names the field of a bad rules file, and keeps a wholly wrong file to a few lines', async () => {
    const misspelt = { ...DEFAULT_RULES, emergencies: [{ ...DEFAULT_RULES.emergencies[0], kind: 'urgent' }] };
    const config = await readClinicConfig(dataDir({ [TRIAGE_RULES_FILE]: JSON.stringify(misspelt) }));
    expect(config.derivation.rules).toBe(DEFAULT_RULES);
    expect(config.problems).toEqual([
      'triage-rules.json is not used: the built-in triage rules are in force until it is fixed',
      expect.stringMatching(/^triage-rules\.json: emergencies\[0\]\.kind: /),
    ]);

    const wrong = await readClinicConfig(dataDir({ [TRIAGE_RULES_FILE]: JSON.stringify({ a: 1, b: 2, c: 3 }) }));
    expect(wrong.problems.length).toBeLessThanOrEqual(10);
    expect(wrong.problems.at(-1)).toMatch(/^triage-rules\.json: … and \d+ more$/);
  });

  it('says when a file is not JSON or cannot be read, and still gives a config', async () => {
    const dir = dataDir({ [CLINIC_POLICY_FILE]: '{ "timeZone": ' });
    mkdirSync(join(dir, TRIAGE_RULES_FILE));
    const config = await readClinicConfig(dir);
    expect(config.derivation).toEqual({ policy: DEFAULT_CLINIC_POLICY, rules: DEFAULT_RULES });
    expect(config.problems).toEqual([
      expect.stringMatching(/^clinic-policy\.json is not used/),
      expect.stringMatching(/^clinic-policy\.json: not JSON \(/),
      expect.stringMatching(/^triage-rules\.json is not used/),
      'triage-rules.json: cannot read it (EISDIR)',
    ]);
  });
});
