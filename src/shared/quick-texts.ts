import { z } from 'zod';
import type { QuickText } from './work-item';

/**
 * Placeholders a quick text may use; the reply composer fills them from the open item.
 * One the item cannot answer (or one not listed here, such as `{appointment}`, which only the
 * person knows) is left in the text, braces and all, so it is noticed before the reply is sent.
 */
export const QUICK_TEXT_PLACEHOLDERS = {
  patientName: "The patient's name as the portal shows it.",
  referralNumber: 'The number the regional contractor issued for the referral the item is about.',
  contractor: "The TRICARE regional contractor of the patient's region: TriWest (West) or Humana Military (East).",
  contractorSite: "The contractor's website: TriWest.com or HumanaMilitary.com.",
} as const;

export type QuickTextValues = Partial<Record<string, string | null>>;

/** Fills known `{placeholders}`; unknown or empty ones stay visible so a person notices the gap. */
export function fillQuickText(text: string, values: QuickTextValues): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = Object.hasOwn(values, name) ? values[name] : undefined;
    return value === undefined || value === null || value.trim() === '' ? whole : value;
  });
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
