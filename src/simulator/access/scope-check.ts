import { FhirError } from '../errors';
import type { FhirRequest } from '../http/fhir-request';
import { interactionVerb, scopesAllow } from './smart-scopes';
import type { Interaction } from './smart-scopes';

/** RFC 6750's realm, shared by every Bearer challenge this server sends. */
export const BEARER_REALM = 'triage-desk-portal-simulator';

/**
 * Each interaction needs its own letter (SMART App Launch 2.x): checked per request, and per entry
 * of a batch or transaction, since an entry is an interaction of its own (a transaction holding a
 * DELETE needs `d` however many creates it also carries). A request without a token (the
 * simulator runs without sign-in) has no scopes to check.
 */
export function requireScope(request: FhirRequest, resourceType: string, interaction: Interaction): void {
  const scopes = request.scopes;
  if (scopes === undefined || scopesAllow(scopes, resourceType, interaction)) return;
  const what = resourceType === '*' ? 'every resource type' : resourceType;
  throw new FhirError(
    403,
    'forbidden',
    `The access token does not allow you to ${interactionVerb(interaction)} ${what} (it grants: ${scopes.join(' ') || 'nothing'}).`,
    {
      'WWW-Authenticate': `Bearer realm="${BEARER_REALM}", error="insufficient_scope", scope="user/${resourceType}.${interaction}"`,
    },
  );
}
