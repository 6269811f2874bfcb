import type { HumanName, Identifier } from '@medplum/fhirtypes';
import { DOD_ID_SYSTEM } from '../fhir/codes';

/**
 * A name as the patient lookup compares it: letters folded to lower case without accents
 * ("Núñez" → "nunez"), apostrophes and periods dropped ("O'Brien" → "obrien", "St. John" →
 * "st john"), hyphens and other separators one space ("Smith-Jones" → "smith jones"). The cache
 * stores names in this form and the search box's words are read into it, so the two compare as
 * plain strings on an index.
 */
export function nameKey(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/['’ʼ.]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export interface PatientKeys {
  /** The family name's key; null when the patient has none. */
  family_key: string | null;
  /** The given names' key, first given name first ("mary ann"); null when none. */
  given_key: string | null;
  /** The DoD ID (the portal's `sid/dod-id` identifier), digits only; null when absent. */
  dod_id: string | null;
}

const orNull = (key: string): string | null => (key === '' ? null : key);

/**
 * The lookup keys of a FHIR Patient: its official name (or the first), and its DoD ID. A name
 * given only as text is read as "Last, First" when it has a comma, else as "First … Last".
 */
export function patientKeys(p: { name?: HumanName[]; identifier?: Identifier[] }): PatientKeys {
  const name = p.name?.find((n) => n.use === 'official') ?? p.name?.[0];
  let family = name?.family ?? '';
  let given = (name?.given ?? []).join(' ');
  if (family === '' && given === '' && name?.text !== undefined) {
    const comma = name.text.indexOf(',');
    if (comma >= 0) {
      family = name.text.slice(0, comma);
      given = name.text.slice(comma + 1);
    } else {
      const words = name.text.trim().split(/\s+/);
      family = words.pop() ?? '';
      given = words.join(' ');
    }
  }
  const dod = p.identifier?.find((i) => i.system === DOD_ID_SYSTEM)?.value?.replace(/\D/g, '') ?? '';
  return { family_key: orNull(nameKey(family)), given_key: orNull(nameKey(given)), dod_id: orNull(dod) };
}
