import { AUDITOR_ROLE_CODE, PRESCRIBER_ROLE_CODE } from '../../domain/fhir/codes';
import { parseUserScope, USER_SCOPE_VOCABULARY } from './smart-scopes';

/** SMART letters a role's token may carry: on every type (`*`), and on named types beyond that. */
type Grants = Readonly<Record<string, string>>;

/**
 * What each roster role's access token may allow. No role has `d`: deleting is no part of a
 * clinic's work on the portal (a mistaken record is marked entered-in-error and stays on file),
 * and it is what a stolen token would destroy evidence with; before this, anyone could obtain
 * `user/*.cruds`, and a clerk deleted a Patient. Scopes are the coarse gate a token carries; which
 * write is whose (prescriptions, results, the roster, one's own name) is judged per write by the
 * rules in this folder, from the roster as it is at that moment.
 */
const ROLE_GRANTS: Readonly<Record<string, Grants>> = {
  nurse: { '*': 'crus' },
  [PRESCRIBER_ROLE_CODE]: { '*': 'crus' },
  pharmacist: { '*': 'crus' },
  clerk: { '*': 'crus' },
  // Reviews the audit trail (everyone's AuditEvents, audit-reading.ts) and changes nothing.
  [AUDITOR_ROLE_CODE]: { '*': 'rs' },
};

/** Whether someone holding `roles` may be granted `scope` (a user-level SMART scope, v1 or v2). */
export function isGrantable(roles: readonly string[], scope: string): boolean {
  const parsed = parseUserScope(scope);
  if (parsed === undefined) return false;
  return roles.some((role) => {
    const grants = ROLE_GRANTS[role];
    if (grants === undefined) return false;
    const allowed = `${grants['*'] ?? ''}${parsed.resourceType === '*' ? '' : (grants[parsed.resourceType] ?? '')}`;
    return [...parsed.interactions].every((letter) => allowed.includes(letter));
  });
}

/**
 * The user scopes the FHIR API offers someone holding `roles`: what oidc-provider may put in their
 * tokens, at sign-in and at every refresh (a role taken away narrows the next token). Without a
 * person (the authorization request before sign-in) it is every scope some role may have, so the
 * consent step sees what was asked and refuses what this person may not have.
 */
export function grantableScopes(roles: readonly string[] | undefined): string[] {
  const anyone = roles ?? Object.keys(ROLE_GRANTS);
  return USER_SCOPE_VOCABULARY.filter((scope) => isGrantable(anyone, scope));
}
