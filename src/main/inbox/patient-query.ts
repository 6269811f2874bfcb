import { nameKey } from '../../domain/patients/patient-keys';

/** One way a name query can be read: each part given is a prefix of that key. */
export interface NameReading {
  family?: string;
  given?: string;
}

/**
 * What the search box says when it names a patient. Everything typed is also searched as message
 * text; a lookup only adds the named patients' items (grouped first) when some patient matches.
 */
export type PatientQuery =
  /** Name forms, each reading tried (OR): prefixes of the stored name keys. */
  | { kind: 'name'; readings: NameReading[] }
  /** `YYYY-MM-DD` as stored in `Patient.birthDate`. */
  | { kind: 'dob'; birthDate: string }
  | { kind: 'dod-id'; dodId: string };

/** A single word shorter than this names too many patients to be a lookup ("a", "j"). */
export const MIN_NAME_PREFIX = 2;

const NAME_CHARS = /^[\p{L}\p{M}\s'’ʼ.,-]+$/u;

/**
 * Reads what a person typed in the search box as a patient lookup, or null when it is not one:
 *
 * - DoD ID: exactly 10 digits.
 * - Date of birth: `1984-03-07` (ISO), or US month/day/year `03/07/1984`, `3/7/1984`, `3/7/84`
 *   (`/`, `-` or `.` between the parts). A two-digit year is the most recent such date that is
 *   not in the future: on 2026-11-27, `3/7/84` is 1984-03-07, `3/7/25` is 2025-03-07 and
 *   `12/1/26` is 1926-12-01 (a newborn's or a centenarian's date is typed with four digits).
 *   An impossible date (`2/30/1984`) is not a date of birth.
 * - Name with a comma: `Last`, `Last,`, `Last, First`, `Last, Fi`: the family name starts with
 *   what precedes the comma and the given names start with what follows it.
 * - A single word (2 letters or more): a family name or a first name starting with it
 *   (`Bak` → Baker, …; `Andr` → Andre, …): both readings are tried.
 * - Two words without a comma: `First Last` or `Last First`, both readings tried.
 *
 * Anything else (digits mixed with letters, three words or more without a comma) is text only.
 */
export function parsePatientQuery(text: string, now: number): PatientQuery | null {
  const typed = text.normalize('NFKC').trim();
  if (typed === '') return null;
  if (/^\d{10}$/.test(typed)) return { kind: 'dod-id', dodId: typed };
  const birthDate = parseBirthDate(typed, now);
  if (birthDate !== null) return { kind: 'dob', birthDate };
  if (!NAME_CHARS.test(typed)) return null;
  const comma = typed.indexOf(',');
  if (comma >= 0) {
    const family = nameKey(typed.slice(0, comma));
    const given = nameKey(typed.slice(comma + 1));
    if (family === '' && given.length < MIN_NAME_PREFIX) return null;
    const reading: NameReading = {};
    if (family !== '') reading.family = family;
    if (given !== '') reading.given = given;
    return { kind: 'name', readings: [reading] };
  }
  const words = nameKey(typed).split(' ');
  if (words.length === 1) {
    const [word = ''] = words;
    if (word.length < MIN_NAME_PREFIX) return null;
    return { kind: 'name', readings: [{ family: word }, { given: word }] };
  }
  if (words.length === 2) {
    const [first = '', second = ''] = words;
    return {
      kind: 'name',
      readings: [
        { given: first, family: second },
        { family: first, given: second },
      ],
    };
  }
  return null;
}

/** `YYYY-MM-DD` of a typed date of birth, or null (see `parsePatientQuery`). */
export function parseBirthDate(typed: string, now: number): string | null {
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(typed);
  if (iso !== null) return validDate(Number(iso[1]), Number(iso[2]), Number(iso[3]), now);
  const us = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})$/.exec(typed);
  if (us === null) return null;
  const month = Number(us[1]);
  const day = Number(us[3]);
  const yearText = us[4] ?? '';
  if (yearText.length === 4) return validDate(Number(yearText), month, day, now);
  // Two digits: this century's date unless that is still to come, then the last century's.
  const today = new Date(now);
  const century = Math.floor(today.getUTCFullYear() / 100) * 100;
  const recent = validDate(century + Number(yearText), month, day, Number.POSITIVE_INFINITY);
  if (recent !== null && recent <= isoDay(today)) return recent;
  return validDate(century - 100 + Number(yearText), month, day, now);
}

const isoDay = (date: Date): string => date.toISOString().slice(0, 10);

/** The date as `YYYY-MM-DD` when it exists and is not after today; null otherwise. */
function validDate(year: number, month: number, day: number, now: number): string | null {
  if (month < 1 || month > 12 || day < 1 || day > 31 || year < 1850) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  const text = isoDay(date);
  if (Number.isFinite(now) && text > isoDay(new Date(now))) return null;
  return text;
}

/** How the lookup read the box, for the list's heading: "name “Baker, An”", "date of birth 03/07/1984". */
export function describePatientQuery(query: PatientQuery, typed: string): string {
  switch (query.kind) {
    case 'dod-id':
      return 'DoD ID';
    case 'dob': {
      const [y, m, d] = query.birthDate.split('-');
      return `date of birth ${m}/${d}/${y}`;
    }
    case 'name':
      return `name “${typed.trim()}”`;
  }
}
