import { z } from 'zod';
import type { QuickText } from './work-item';

/**
 * Placeholders a quick text may use; the reply composer fills them from the open item.
 * One the item cannot answer (or one not listed here, such as `{appointment}`, which only the
 * person knows) is left in the text, braces and all, so it is noticed before the reply is sent.
 */
export const QUICK_TEXT_PLACEHOLDERS = {
  patientName:
    "The patient's name as a person would address them: the first name, or title and family name (the clinic's greeting setting).",
  referralNumber: 'The number the regional contractor issued for the referral the item is about.',
  contractor: "The TRICARE regional contractor of the patient's region: TriWest (West) or Humana Military (East).",
  contractorSite: "The contractor's website: TriWest.com or HumanaMilitary.com.",
} as const;

export type QuickTextValues = Partial<Record<string, string | null>>;

/**
 * A quick text's placeholder: a name in braces, letters, digits or `_` only (`{appointment}`).
 * Braces around anything else (spaces, punctuation: "{see below}", "{", "}") are not one.
 */
const PLACEHOLDER = /\{(\w+)\}/g;

/** Fills known `{placeholders}`; unknown or empty ones stay visible so a person notices the gap. */
export function fillQuickText(text: string, values: QuickTextValues): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    const value = Object.hasOwn(values, name) ? values[name] : undefined;
    return value === undefined || value === null || value.trim() === '' ? whole : value;
  });
}

/**
 * The `{placeholders}` still in a text the patient would read, each once, in order. A reply,
 * a denial's reply, a refill pointer or a release comment with one is never sent: main refuses to
 * record it (`checkPatientText` in src/main/outbox/action-guards.ts) and the page does not send it.
 * Only the quick texts' own syntax counts, so a patient-facing text may still hold other braces.
 */
export function unfilledPlaceholders(text: string): string[] {
  return [...new Set(Array.from(text.matchAll(PLACEHOLDER), (m) => m[0]))];
}

/** What staff read when a text still has a placeholder: which ones, and what to do. */
export function unfilledPlaceholderProblem(text: string): string | null {
  const gaps = unfilledPlaceholders(text);
  if (gaps.length === 0) return null;
  return `Fill in or remove ${gaps.join(', ')} before sending: the patient would read ${gaps.length === 1 ? 'it' : 'them'} as written.`;
}

/**
 * How the quick texts' `{patientName}` greets the patient: `first-name` ("Hello Andre,"), or
 * `title-family` ("Hello Mr. Baker,": the name's own prefix, else Mr./Ms. from the recorded gender,
 * else the whole name, "Andre Baker"). Never the list's "Baker, Andre". The clinic chooses it in
 * `quick-texts.json` (docs/clinic-settings.md); `first-name` by default.
 */
export const GREETING_STYLES = ['first-name', 'title-family'] as const;
export type GreetingStyle = (typeof GREETING_STYLES)[number];
export const DEFAULT_GREETING: GreetingStyle = 'first-name';

/** The parts of a patient's name a greeting is made of (FHIR HumanName and Patient.gender). */
export interface NameParts {
  given: readonly string[];
  family: string | null;
  prefix: readonly string[];
  /** HumanName.text, when the portal gives the name only as one string. */
  text: string | null;
  gender: string | null;
}

const clean = (value: string | null | undefined): string => (value ?? '').replace(/\s+/g, ' ').trim();

/**
 * A display name as a person reads it: "Baker, Andre" (the list's Last, First) is "Andre Baker";
 * anything without exactly one comma is kept as it is.
 */
export function naturalOrder(display: string): string {
  const parts = display.split(',');
  if (parts.length !== 2) return clean(display);
  const [family, given] = parts.map(clean);
  if (family === '' || given === '') return clean(display.replace(',', ' '));
  return `${given} ${family}`;
}

/** The patient's name as the greeting addresses them; null when there is no name to use. */
export function addressName(name: NameParts, style: GreetingStyle): string | null {
  const given = name.given.map(clean).filter((g) => g !== '');
  const family = clean(name.family);
  const full = [given.join(' '), family].filter((p) => p !== '').join(' ') || naturalOrder(clean(name.text));
  if (full === '') return null;
  if (style === 'first-name') return given[0] ?? full;
  const prefix = name.prefix.map(clean).find((p) => p !== '');
  const title = prefix ?? (name.gender === 'male' ? 'Mr.' : name.gender === 'female' ? 'Ms.' : undefined);
  return title === undefined || family === '' ? full : `${title} ${family}`;
}

/** The clinic's `quick-texts.json`: an array of these, in the order the composer offers them. */
export const quickTextsSchema = z
  .array(
    z
      .object({
        id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lower-case letters, digits and dashes'),
        label: z.string().trim().min(1).max(80),
        categories: z.array(z.string().min(1).max(40)).max(20),
        text: z.string().trim().min(1).max(4000),
      })
      .strict(),
  )
  .max(200)
  .refine((texts) => new Set(texts.map((t) => t.id)).size === texts.length, 'quick text ids must be unique');

/** What a clinic starts from. TRICARE's own numbers and sites; a clinic adds its local lines. */
export const DEFAULT_QUICK_TEXTS: QuickText[] = [
  {
    id: 'emergency',
    label: 'Emergency: call 911 / Military Crisis Line',
    // Any message can carry emergency wording; the composer puts this first for an emergency.
    categories: [],
    text:
      'If this is an emergency, call 911 or go to the nearest emergency room now. ' +
      'If you are in crisis or thinking about harming yourself, call the Military Crisis Line: dial 988 then press 1, ' +
      'any time, day or night. Secure messages are not read around the clock, so please do not wait for a reply here.',
  },
  {
    id: 'refill',
    label: 'Refill: mail order or clinic pharmacy',
    categories: ['refill-request', 'renewal-request'],
    text:
      'Hello {patientName}, thank you for your message. Maintenance medications can be mailed to you by ' +
      'TRICARE Pharmacy Home Delivery (Express Scripts): order at express-scripts.com/TRICARE or call ' +
      '1-877-363-1303. To pick your refill up here instead, call the clinic pharmacy refill line with your ' +
      'prescription number.',
  },
  {
    id: 'referral-status',
    label: 'Referral status: number and contractor',
    categories: ['referral-status'],
    text:
      'Hello {patientName}, your referral number is {referralNumber}. Referrals to network specialists are ' +
      'approved and scheduled through the regional contractor, {contractor}. You can check the status and see ' +
      "the specialist's contact details at {contractorSite}; have the referral number ready.",
  },
  {
    id: 'result-explained',
    label: 'Result explained',
    categories: ['result-question'],
    text:
      'Hello {patientName}, your provider has reviewed your recent results: {explanation} ' +
      'If you have more questions, or your symptoms change, reply here or call the clinic.',
  },
  // Comments a provider adds when releasing a result (the patient reads them beside it).
  {
    id: 'result-normal',
    label: 'Normal, no action needed',
    categories: ['result-release'],
    text: 'Your results are normal. No action is needed; keep up your current care plan.',
  },
  {
    id: 'result-discuss',
    label: "Let's discuss at your visit",
    categories: ['result-release'],
    text:
      "I have reviewed these results and would like to go over them with you at your next visit. If you don't " +
      'have a visit booked, please reply here or call the appointment line.',
  },
  {
    id: 'result-slightly-out',
    label: 'Slightly out of range, not concerning',
    categories: ['result-release'],
    text:
      'One or more values are slightly outside the usual range. This is not concerning and needs no action now; ' +
      'we will recheck it at your next routine visit.',
  },
  {
    id: 'appointment-booked',
    label: 'Appointment booked',
    categories: ['appointment-request'],
    text:
      'Hello {patientName}, your appointment is booked for {appointment}. Please arrive 15 minutes early ' +
      'with your military ID. If you cannot come, cancel by replying here or calling the appointment line.',
  },
  {
    id: 'appointment-cancelled',
    label: 'Appointment cancelled',
    categories: ['appointment-request'],
    text:
      'Hello {patientName}, your appointment has been cancelled as you asked. To book a new one, reply here ' +
      'or call the appointment line.',
  },
];

/**
 * `quick-texts.json` as an object: the greeting style and (optionally) the texts,
 * `{ "greeting": "title-family", "texts": [ … ] }`. A bare array of texts is still read as before.
 */
export const quickTextSettingsSchema = z
  .object({ greeting: z.enum(GREETING_STYLES).optional(), texts: quickTextsSchema.optional() })
  .strict();

export interface QuickTextSettings {
  texts: QuickText[];
  greeting: GreetingStyle;
}

export const DEFAULT_QUICK_TEXT_SETTINGS: QuickTextSettings = {
  texts: DEFAULT_QUICK_TEXTS,
  greeting: DEFAULT_GREETING,
};
