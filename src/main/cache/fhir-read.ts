import type { Extension, HumanName, Reference } from '@medplum/fhirtypes';

/** Small readers for the parts of FHIR JSON the projections need; each tolerates absent data. */

export interface ParsedReference {
  type: string;
  id: string;
}

/** `Patient/123` or an absolute `https://…/Patient/123/_history/2` → type and id; anything else → null. */
export function parseReference(reference: Reference | undefined): ParsedReference | null {
  const value = reference?.reference;
  if (value === undefined) return null;
  const match = /(?:^|\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/.exec(value);
  return match === null ? null : { type: match[1] ?? '', id: match[2] ?? '' };
}

export function humanName(names: HumanName[] | undefined): string | null {
  const name = names?.find((n) => n.use === 'official') ?? names?.[0];
  if (name === undefined) return null;
  if (name.text !== undefined) return name.text;
  const given = (name.given ?? []).join(' ');
  const family = name.family ?? '';
  if (given === '' && family === '') return null;
  return family === '' ? given : given === '' ? family : `${family}, ${given}`;
}

export function extensionCode(extensions: Extension[] | undefined, url: string): string | null {
  return extensions?.find((e) => e.url === url)?.valueCode ?? null;
}

export function extensionReference(extensions: Extension[] | undefined, url: string): Reference | undefined {
  return extensions?.find((e) => e.url === url)?.valueReference;
}

/** FHIR instants/dateTimes → epoch ms; partial dates ("2026-11") count from their start, in UTC. */
export function toMillis(value: string | undefined): number | null {
  if (value === undefined) return null;
  const ms = Date.parse(value.length === 4 ? `${value}-01-01` : value.length === 7 ? `${value}-01` : value);
  return Number.isNaN(ms) ? null : ms;
}
