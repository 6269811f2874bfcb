import { isDeepStrictEqual } from 'node:util';
import type {
  Annotation,
  AuditEvent,
  Communication,
  Provenance,
  ServiceRequest,
  MedicationRequest,
  Reference,
  Resource,
  Task,
} from '@medplum/fhirtypes';
import type { WriteRule } from '../rules';
import { forbidden, impersonation, nameOf, practitionerBehind } from './staff-identity';

/*
 * Staff write in their own name: whoever a write says sent, asked for, noted or did something
 * must be the staff member making it (the access token's Practitioner). Otherwise a nurse could
 * post to a patient as Dr. Reyes, sign an order as a PCM, or put words in a colleague's note.
 */

/** Annotations in `after` that `before` does not hold (as many times): new notes, or edited ones. */
function addedNotes(before: Resource | undefined, after: Resource): Annotation[] {
  const remaining = [...((before as { note?: Annotation[] } | undefined)?.note ?? [])];
  return ((after as { note?: Annotation[] }).note ?? []).filter((note) => {
    const at = remaining.findIndex((old) => isDeepStrictEqual(old, note));
    if (at === -1) return true;
    remaining.splice(at, 1);
    return false;
  });
}

interface Claim {
  field: string;
  who: Reference | undefined;
}

/** The person-naming fields a write sets or changes; one left as it was claims nothing new. */
function claimsOf(previous: Resource | undefined, next: Resource): Claim[] {
  const changed = (pick: (r: Resource) => Reference | undefined): Reference | undefined => {
    const after = pick(next);
    return previous !== undefined && isDeepStrictEqual(pick(previous), after) ? undefined : after;
  };
  const claims: Claim[] = addedNotes(previous, next).map((note) => ({
    field: `${next.resourceType}.note.author`,
    // A name in words is still a claim: refused below unless a reference leads to the writer.
    who: note.authorReference ?? (note.authorString === undefined ? undefined : { display: note.authorString }),
  }));
  if (next.resourceType === 'Communication') {
    claims.push({ field: 'Communication.sender', who: changed((r) => (r as Communication).sender) });
  }
  if (next.resourceType === 'MedicationRequest') {
    claims.push({ field: 'MedicationRequest.requester', who: changed((r) => (r as MedicationRequest).requester) });
  }
  if (next.resourceType === 'Task') {
    claims.push({ field: 'Task.requester', who: changed((r) => (r as Task).requester) });
  }
  if (next.resourceType === 'ServiceRequest') {
    claims.push({ field: 'ServiceRequest.requester', who: changed((r) => (r as ServiceRequest).requester) });
  }
  if (next.resourceType === 'Provenance') {
    ((next as Partial<Provenance>).agent ?? []).forEach((agent, index) => {
      claims.push({ field: `Provenance.agent[${index}].who`, who: agent.who });
    });
  }
  return claims;
}

/**
 * A message's sender, a prescription's or Task's requester, and the author of each note added
 * must lead to the one writing (their Practitioner, or a PractitionerRole of theirs). A field left
 * unchanged is not judged: a nurse may update a patient's message (sender the patient), and amend
 * a Task a patient asked for.
 */
export const staffWriteInTheirOwnName: WriteRule = ({ previous, next, actor }, context) => {
  if (actor === undefined || next === undefined) return;
  for (const { field, who } of claimsOf(previous, next)) {
    const problem = impersonation(field, who, actor, context, { displayOnly: 'refused' });
    if (problem !== undefined) throw forbidden(problem);
  }
};

/**
 * A message a staff member sent stays theirs: a colleague may not rewrite it, or retract it,
 * under their name. A patient's message may still be updated by staff (received, read), and the
 * same content written again (a resend after a lost answer) changes nothing.
 */
export const sentMessagesStayTheSenders: WriteRule = ({ previous, next, actor }, context) => {
  if (actor === undefined || previous?.resourceType !== 'Communication') return;
  const sender = previous.sender?.reference;
  // A patient's words are the patient's: staff mark a message received or read, never reword it.
  if (sender?.startsWith('Patient/') === true && next !== undefined) {
    const words = (r: Resource) => (r as Communication).payload;
    if (!isDeepStrictEqual(words(previous), words(next))) {
      throw forbidden(`${nameOf(previous)} is ${sender}'s message: ${actor} may not change what it says.`);
    }
    return;
  }
  const sentBy = sender === undefined ? undefined : practitionerBehind(sender, context);
  if (sentBy === undefined || sentBy === actor) return;
  const content = ({ meta: _meta, ...rest }: Resource) => rest;
  if (next !== undefined && isDeepStrictEqual(content(previous), content(next))) return;
  throw forbidden(`${nameOf(previous)} was sent by ${sentBy}: only its sender may change it, not ${actor}.`);
};

/**
 * An AuditEvent says who did something, so staff write only their own: every agent naming
 * someone, by reference or identifier, must be the one writing. An agent named only in words
 * names no one the portal could check, and the desk records itself that way ("nobody signed in").
 */
export const auditEventsAsOneself: WriteRule = ({ next, actor }, context) => {
  if (actor === undefined || next?.resourceType !== 'AuditEvent') return;
  // Validation may be off (a test double's option): an agent list is not taken for granted.
  const agents = (next as Partial<AuditEvent>).agent ?? [];
  agents.forEach((agent, index) => {
    const field = `AuditEvent.agent[${index}].who`;
    const problem = impersonation(field, agent.who, actor, context, { displayOnly: 'allowed' });
    if (problem !== undefined) throw forbidden(problem);
  });
};
