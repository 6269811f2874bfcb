import { FhirError } from '../errors';

export type ReturnPreference = 'minimal' | 'representation' | 'OperationOutcome';

export interface Preferences {
  return: ReturnPreference;
  /** `handling=lenient` skips unknown search parameters; strict (400) is the default. */
  lenient: boolean;
}

/** RFC 7240 Prefer, the parts FHIR uses; unknown preferences are ignored as the RFC asks. */
export function parsePrefer(header: string | undefined): Preferences {
  const prefs: Preferences = { return: 'representation', lenient: false };
  for (const part of (header ?? '').split(/[;,]/)) {
    const [key, value] = part.split('=').map((s) => s.trim().replace(/^"|"$/g, ''));
    if (key === 'return' && (value === 'minimal' || value === 'representation' || value === 'OperationOutcome')) {
      prefs.return = value;
    }
    if (key === 'handling') prefs.lenient = value === 'lenient';
  }
  return prefs;
}

/** `W/"3"`, `"3"` or `*`; anything else is a malformed precondition (400), not a failed one (412). */
export function parseIfMatch(header: string | undefined): number | '*' | undefined {
  if (header === undefined) return undefined;
  const value = header.trim();
  if (value === '*') return '*';
  const match = /^(?:W\/)?"(\d{1,9})"$/.exec(value);
  if (match === null) throw new FhirError(400, 'invalid', `If-Match must look like W/"<versionId>", not ${value}.`);
  return Number(match[1]);
}

/** If-None-Match on a read: the version the client holds (304 when still current). */
export function parseIfNoneMatchVersion(header: string | undefined): number | '*' | undefined {
  if (header === undefined) return undefined;
  const value = header.trim();
  if (value === '*') return '*';
  const match = /^(?:W\/)?"(\d{1,9})"$/.exec(value);
  if (match === null)
    throw new FhirError(400, 'invalid', `If-None-Match must look like W/"<versionId>" or *, not ${value}.`);
  return Number(match[1]);
}

const PRACTITIONER = /^Practitioner\/[A-Za-z0-9\-.]{1,64}$/;

/** The acting staff member until SMART auth arrives: `X-Practitioner: Practitioner/<id>`. */
export function parseActor(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const value = header.trim();
  if (!PRACTITIONER.test(value))
    throw new FhirError(400, 'invalid', `X-Practitioner must be Practitioner/<id>, not ${value}.`);
  return value;
}

export function acceptsJson(accept: string | undefined): boolean {
  if (accept === undefined || accept.trim() === '') return true;
  return accept
    .split(',')
    .map((part) => (part.split(';')[0] ?? '').trim().toLowerCase())
    .some((type) => ['*/*', 'application/*', 'application/json', 'application/fhir+json', 'json'].includes(type));
}
