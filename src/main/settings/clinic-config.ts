import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import { DEFAULT_CLINIC_POLICY, parseClinicPolicy } from '../../domain/business-hours/clinic-policy';
import type { ClinicPolicy } from '../../domain/business-hours/clinic-policy';
import { DEFAULT_RULES } from '../../domain/triage/default-rules';
import { triageRulesSchema } from '../../domain/triage/rules-schema';
import type { TriageRules } from '../../domain/triage/rules-schema';
import type { DerivationConfig } from '../cache/derivation-config';
import { DEFAULT_RENEWAL_PROTOCOL, parseRenewalProtocol } from '../../domain/renewals/protocol';
import type { RenewalProtocol } from '../../domain/renewals/protocol';
import { DEFAULT_ACCESS_POLICY, parseAccessPolicy } from '../../domain/access/access-policy';
import type { AccessPolicy } from '../../domain/access/access-policy';

/** The same format as `triage-desk due --clinic FILE`. */
export const CLINIC_POLICY_FILE = 'clinic-policy.json';
/** The same format as `triage-desk classify --rules FILE` (start from `classify --print-rules`). */
export const TRIAGE_RULES_FILE = 'triage-rules.json';

/** Per medication class: visit and lab windows for renewal readiness (src/domain/renewals/README.md). */
export const RENEWAL_PROTOCOL_FILE = 'renewal-protocol.json';

/** Who reads and acts beyond their own pools (src/domain/access/access-policy.ts). */
export const ACCESS_POLICY_FILE = 'access-policy.json';

/** A wholly wrong file would list hundreds of fields; the first few say what is going on. */
const SHOWN_PER_FILE = 8;

export interface ClinicConfig {
  derivation: DerivationConfig;
  renewalProtocol: RenewalProtocol;
  /** Null when the clinic has none: the caller's default. One it cannot use gives least privilege. */
  accessPolicy: AccessPolicy | null;
  /**
   * Empty when each file was usable or absent. For a file that is not, a line saying its built-in
   * default is in force, then its problems naming the field (`clinic-policy.json: hours.monday[0]: …`):
   * what IT must be told, since the desk is not running on the clinic's settings.
   */
  problems: string[];
}

/**
 * The clinic's business-hours policy, triage rules, renewal protocol and access policy from `<dataDir>`, read once at startup: the
 * cache's derived columns are computed with one config, and `ensureDerived` recomputes them when
 * it changes, so a file edited while the desk runs takes effect at the next start. Each file is
 * independent: an invalid one gives its default and a problem, never a desk that will not start
 * (a desk without due times or emergency flags would be worse than one on the defaults).
 */
export async function readClinicConfig(dataDir: string): Promise<ClinicConfig> {
  const problems: string[] = [];
  const policy = await readPart(dataDir, CLINIC_POLICY_FILE, problems, (json) => {
    const parsed = parseClinicPolicy(json);
    return parsed.ok ? { ok: true, value: parsed.policy } : { ok: false, problems: parsed.problems };
  });
  const rules = await readPart(dataDir, TRIAGE_RULES_FILE, problems, (json) => {
    const parsed = triageRulesSchema.safeParse(json);
    return parsed.success ? { ok: true, value: parsed.data } : { ok: false, problems: fieldProblems(parsed.error) };
  });
  const renewalProtocol = await readPart(dataDir, RENEWAL_PROTOCOL_FILE, problems, (json) => {
    const parsed = parseRenewalProtocol(json);
    return parsed.ok ? { ok: true, value: parsed.protocol } : { ok: false, problems: parsed.problems };
  });
  const problemsBefore = problems.length;
  const accessPolicy = await readPart(dataDir, ACCESS_POLICY_FILE, problems, (json) => {
    const parsed = parseAccessPolicy(json);
    return parsed.ok ? { ok: true, value: parsed.policy } : { ok: false, problems: parsed.problems };
  });
  return {
    derivation: { policy: policy ?? DEFAULT_CLINIC_POLICY, rules: rules ?? DEFAULT_RULES },
    renewalProtocol: renewalProtocol ?? DEFAULT_RENEWAL_PROTOCOL,
    // A file there but not usable gives the least-privilege default, never the caller's (a demo's wider one).
    accessPolicy: accessPolicy ?? (problems.length > problemsBefore ? DEFAULT_ACCESS_POLICY : null),
    problems,
  };
}

type Parsed<T> = { ok: true; value: T } | { ok: false; problems: string[] };

/** The file's value; null when it is absent or not usable (then its problems are added). */
async function readPart<T extends ClinicPolicy | TriageRules | RenewalProtocol | AccessPolicy>(
  dataDir: string,
  name: string,
  problems: string[],
  parse: (json: unknown) => Parsed<T>,
): Promise<T | null> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(join(dataDir, name), 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    const why =
      error instanceof SyntaxError ? `not JSON (${error.message})` : `cannot read it (${code ?? String(error)})`;
    problems.push(notUsed(name), `${name}: ${why}`);
    return null;
  }
  const parsed = parse(json);
  if (parsed.ok) return parsed.value;
  const shown = parsed.problems.slice(0, SHOWN_PER_FILE).map((problem) => `${name}: ${problem}`);
  const more = parsed.problems.length - shown.length;
  problems.push(notUsed(name), ...shown, ...(more > 0 ? [`${name}: … and ${more} more`] : []));
  return null;
}

const BUILT_IN: Readonly<Record<string, string>> = {
  [CLINIC_POLICY_FILE]: 'business-hours policy is',
  [TRIAGE_RULES_FILE]: 'triage rules are',
  [RENEWAL_PROTOCOL_FILE]: 'renewal protocol is',
  // Least privilege: a broken file never widens access, nor leaves the desk without a policy.
  [ACCESS_POLICY_FILE]: `access policy (each person in their own pools only, no supervisors; ${JSON.stringify(DEFAULT_ACCESS_POLICY)}) is`,
};

const notUsed = (name: string): string =>
  `${name} is not used: the built-in ${BUILT_IN[name]} in force until it is fixed`;

/** `path.to[0]: message`, the way parseClinicPolicy names its fields. */
function fieldProblems(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const where = issue.path.reduce<string>(
      (text, key) =>
        typeof key === 'number' ? `${text}[${key}]` : text === '' ? String(key) : `${text}.${String(key)}`,
      '',
    );
    return where === '' ? issue.message : `${where}: ${issue.message}`;
  });
}
