import { SUPPORTED_TYPES } from '../supported-types';

/** SMART v2 permission letters: create, read (read, vread, instance history), update (and patch), delete, search. */
export type Interaction = 'c' | 'r' | 'u' | 'd' | 's';

export interface UserScope {
  /** A resource type, or `*` for every type. */
  resourceType: string;
  interactions: ReadonlySet<Interaction>;
}

const LETTERS: readonly Interaction[] = ['c', 'r', 'u', 'd', 's'];
/** SMART v1 permissions in v2 letters (App Launch 2.x, "Scopes for requesting clinical data"). */
const V1: Readonly<Record<string, string>> = { read: 'rs', write: 'cud', '*': 'cruds' };
const SCOPE = /^user\/(\*|[A-Z][A-Za-z]{0,63})\.([a-z]+|\*)$/;

/**
 * A user-level SMART scope in v2 (`user/Task.rs`, `user/*.cruds`: letters in that order, each at
 * most once) or v1 (`user/*.read`, `user/Task.write`) syntax. Anything else grants nothing here:
 * `patient/` and `system/` scopes, and v2 scopes with a query (`user/Observation.rs?category=…`),
 * which this portal does not narrow by.
 */
export function parseUserScope(scope: string): UserScope | undefined {
  const match = SCOPE.exec(scope);
  if (match === null) return undefined;
  const [, resourceType = '', permission = ''] = match;
  const letters = V1[permission] ?? permission;
  if (!/^c?r?u?d?s?$/.test(letters) || letters === '') return undefined;
  return { resourceType, interactions: new Set(letters.split('') as Interaction[]) };
}

/** Whether any of the scopes allows `interaction` on `resourceType` (`*` asks for a wildcard scope). */
export function scopesAllow(scopes: readonly string[], resourceType: string, interaction: Interaction): boolean {
  return scopes.some((scope) => {
    const parsed = parseUserScope(scope);
    if (parsed === undefined || !parsed.interactions.has(interaction)) return false;
    return parsed.resourceType === '*' || parsed.resourceType === resourceType;
  });
}

function orderedSubsets(): string[] {
  const out: string[] = [];
  for (let mask = 1; mask < 1 << LETTERS.length; mask++) {
    out.push(LETTERS.filter((_, i) => (mask & (1 << i)) !== 0).join(''));
  }
  return out;
}

/**
 * Every user scope the FHIR API understands, v2 and v1, for each served type and `*`: the resource
 * server's scope list, which oidc-provider matches requested scopes against word for word (a
 * scope not listed is left out of the token). Who may have which is role-grants.ts.
 */
export const USER_SCOPE_VOCABULARY: readonly string[] = ['*', ...SUPPORTED_TYPES].flatMap((type) =>
  [...orderedSubsets(), ...Object.keys(V1)].map((permission) => `user/${type}.${permission}`),
);

const VERBS: Readonly<Record<Interaction, string>> = {
  c: 'create',
  r: 'read',
  u: 'update',
  d: 'delete',
  s: 'search',
};

export function interactionVerb(interaction: Interaction): string {
  return VERBS[interaction];
}
