import type { PractitionerRole, Reference, Resource } from '@medplum/fhirtypes';
import { FhirError } from '../errors';
import type { RuleContext } from '../rules';

const STAFF_REFERENCE =
  /(?:^|\/)(Practitioner|PractitionerRole)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[A-Za-z0-9\-.]{1,64})?$/;

export const forbidden = (message: string): FhirError => new FhirError(403, 'forbidden', message);

/** `Type/id` for a refusal's words; a create has no id yet. */
export const nameOf = (resource: Resource): string => `${resource.resourceType}/${resource.id ?? '(new)'}`;

/**
 * The `Practitioner/<id>` a reference stands for: the Practitioner itself, or the practitioner of
 * a PractitionerRole. An absolute URL counts by its tail, so naming someone by a full address is
 * no way round the rules. Undefined when it names no staff member this portal knows.
 */
export function practitionerBehind(reference: string, context: Pick<RuleContext, 'live'>): string | undefined {
  const match = STAFF_REFERENCE.exec(reference);
  if (match === null) return undefined;
  const [, type, id = ''] = match;
  if (type === 'Practitioner') return `Practitioner/${id}`;
  const role = context.live('PractitionerRole', id) as PractitionerRole | undefined;
  const behind = STAFF_REFERENCE.exec(role?.practitioner?.reference ?? '');
  // One step only: a role naming another role (validation may be off) names nobody.
  return behind?.[1] === 'Practitioner' ? `Practitioner/${behind[2] ?? ''}` : undefined;
}

/** Whether the acting practitioner holds an active PractitionerRole with this STAFF_ROLE_SYSTEM code. */
export function holdsRole(actor: string, code: string, context: Pick<RuleContext, 'rolesOf'>): boolean {
  return context.rolesOf(actor.slice('Practitioner/'.length)).includes(code);
}

/**
 * Why a person-naming field of a staff write does not name the one writing it, or undefined when
 * it does (or names nobody). A reference must lead to the actor; an identifier alone names someone
 * who cannot be checked; a display alone is a name in words, accepted only where the caller says
 * so (an AuditEvent agent that is the desk itself).
 */
export function impersonation(
  field: string,
  who: Reference | undefined,
  actor: string,
  context: Pick<RuleContext, 'live'>,
  options: { displayOnly: 'allowed' | 'refused' },
): string | undefined {
  if (who === undefined) return undefined;
  if (who.reference !== undefined) {
    if (practitionerBehind(who.reference, context) === actor) return undefined;
    return `${field} names ${who.reference}, but ${actor} is the one writing: staff write only in their own name.`;
  }
  if (who.identifier !== undefined) {
    return `${field} names someone by identifier only: name yourself (${actor}) by reference.`;
  }
  if (who.display !== undefined && options.displayOnly === 'refused') {
    return `${field} gives only a name ("${who.display}"): name yourself (${actor}) by reference.`;
  }
  return undefined;
}
