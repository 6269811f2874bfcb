import { z } from 'zod';
import { MEDICATION_CLASSES } from './medication-classes';
import type { MedicationClass } from './medication-classes';

/**
 * A clinic's renewal protocol: per medication class, how recently the patient must have been seen
 * by the PCM and which labs must be on file, how recent. A clinic file overrides the defaults class
 * by class and field by field (a class's `labs` list is replaced whole). Controlled substances are
 * never protocol-eligible, whatever the file says.
 */
const LOINC_CODE = /^\d{1,7}-\d$/;

const labRequirementSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'lower-case letters, digits and dashes'),
    label: z.string().trim().min(1).max(80),
    /** Any of these LOINC codes satisfies the requirement (a panel or its component). */
    loinc: z.array(z.string().regex(LOINC_CODE, 'a LOINC code like 2823-3')).min(1).max(10),
    withinMonths: z.number().int().min(1).max(60),
    /** Numeric values outside [low, high] leave the criterion not met: the PCM should look. */
    low: z.number().optional(),
    high: z.number().optional(),
  })
  .refine((r) => r.low === undefined || r.high === undefined || r.low <= r.high, {
    message: 'low must not be above high',
    path: ['low'],
  });

export type LabRequirement = z.infer<typeof labRequirementSchema>;

export interface ClassProtocol {
  /** False: never renewed by protocol; the PCM decides each one (`reason` says why). */
  eligible: boolean;
  reason?: string;
  /** Months since the last PCM visit; null: no visit requirement. */
  seenWithinMonths: number | null;
  labs: readonly LabRequirement[];
}

const classOverrideSchema = z.strictObject({
  eligible: z.boolean().optional(),
  reason: z.string().trim().min(1).max(200).optional(),
  seenWithinMonths: z.number().int().min(1).max(60).nullable().optional(),
  labs: z
    .array(labRequirementSchema)
    .max(20)
    .refine((labs) => new Set(labs.map((l) => l.id)).size === labs.length, 'lab ids must be unique')
    .optional(),
});

export const renewalProtocolSchema = z.strictObject({
  protocolVersion: z.string().trim().min(1).max(80),
  classes: z
    .partialRecord(z.enum(MEDICATION_CLASSES), classOverrideSchema)
    .superRefine((classes, ctx) => {
      if (classes.controlled?.eligible === true) {
        ctx.addIssue({
          code: 'custom',
          path: ['controlled', 'eligible'],
          message: 'controlled substances are never protocol-eligible',
        });
      }
    })
    .default({}),
});

export type RenewalProtocolInput = z.input<typeof renewalProtocolSchema>;

export interface RenewalProtocol {
  protocolVersion: string;
  classes: Readonly<Record<MedicationClass, ClassProtocol>>;
}

const lab = (
  id: string,
  label: string,
  loinc: string[],
  withinMonths: number,
  range?: { low?: number; high?: number },
) => ({
  id,
  label,
  loinc,
  withinMonths,
  ...range,
});

// Potassium and creatinine: ACE inhibitors and ARBs raise potassium and can worsen kidney function;
// a yearly BMP is the usual primary care monitoring. 5.5 is where most clinics hold or reduce the dose.
const POTASSIUM = lab('potassium', 'Potassium', ['2823-3'], 12, { low: 3.5, high: 5.5 });
const CREATININE = lab('creatinine', 'Creatinine', ['2160-0'], 12);
// A BP panel or a systolic reading, from a visit or a home log entered as an observation. The range
// is on the systolic (a panel reads "128/82", whose first number is checked): above 140 means the
// treatment is not at goal, which is a reason to see the PCM, not to renew as written.
const BLOOD_PRESSURE = lab('blood-pressure', 'Blood pressure', ['85354-9', '8480-6'], 12, { high: 140 });

const seen = (months: number, labs: LabRequirement[] = []): ClassProtocol => ({
  eligible: true,
  seenWithinMonths: months,
  labs,
});
const never = (reason: string): ClassProtocol => ({ eligible: false, reason, seenWithinMonths: null, labs: [] });

/** What a clinic gets without a file; the README gives the reasons. */
export const DEFAULT_RENEWAL_PROTOCOL: RenewalProtocol = {
  protocolVersion: 'default-1',
  classes: {
    'ace-inhibitor': seen(12, [POTASSIUM, CREATININE, BLOOD_PRESSURE]),
    arb: seen(12, [POTASSIUM, CREATININE, BLOOD_PRESSURE]),
    'antihypertensive-other': seen(12, [BLOOD_PRESSURE]),
    diabetes: seen(6, [lab('hba1c', 'Hemoglobin A1c', ['4548-4'], 6), lab('creatinine', 'Creatinine', ['2160-0'], 12)]),
    statin: seen(12, [lab('lipids', 'Lipid panel (LDL)', ['24331-1', '13457-7', '2089-1', '18262-6'], 12)]),
    thyroid: seen(12, [lab('tsh', 'TSH', ['3016-3'], 12, { low: 0.4, high: 4.0 })]),
    antidepressant: seen(6),
    'anxiolytic-other': seen(6),
    'alpha-blocker': seen(12, [BLOOD_PRESSURE]),
    anticoagulant: seen(12, [
      lab('creatinine', 'Creatinine', ['2160-0'], 12),
      lab('hemoglobin', 'Hemoglobin', ['718-7'], 12),
    ]),
    warfarin: never('warfarin doses follow the INR: the anticoagulation clinic or the PCM decides'),
    'hormonal-contraceptive': seen(12, [BLOOD_PRESSURE]),
    respiratory: seen(12),
    antihistamine: seen(12),
    'nasal-steroid': seen(12),
    'acid-suppressant': seen(12),
    nsaid: never('long-term NSAIDs need a look at kidneys, stomach and blood pressure'),
    'muscle-relaxant': never('a short course, not a maintenance drug'),
    triptan: seen(12),
    'topical-steroid': never('long use thins the skin: the PCM should see it'),
    antibiotic: never('a course for an infection, not a maintenance drug'),
    controlled: never('a controlled substance: each prescription is the PCM’s own decision'),
    unclassified: never('not in any medication class the protocol knows'),
  },
};

/** The defaults with a clinic's overrides laid over them. */
export function applyOverrides(base: RenewalProtocol, input: z.output<typeof renewalProtocolSchema>): RenewalProtocol {
  const classes = { ...base.classes };
  for (const cls of MEDICATION_CLASSES) {
    const o = input.classes[cls];
    if (o === undefined) continue;
    const was = classes[cls];
    classes[cls] = {
      eligible: cls === 'controlled' ? false : (o.eligible ?? was.eligible),
      reason: o.reason ?? was.reason,
      seenWithinMonths: o.seenWithinMonths === undefined ? was.seenWithinMonths : o.seenWithinMonths,
      labs: o.labs ?? was.labs,
    };
  }
  return { protocolVersion: input.protocolVersion, classes };
}

export type ParsedProtocol = { ok: true; protocol: RenewalProtocol } | { ok: false; problems: string[] };

const pathText = (path: readonly PropertyKey[]): string =>
  path.reduce<string>(
    (text, key) => (typeof key === 'number' ? `${text}[${key}]` : text === '' ? String(key) : `${text}.${String(key)}`),
    '',
  );

/** Parses a clinic's protocol file (its JSON value); problems name the field, e.g. `classes.statin.labs[0].loinc[0]: …`. */
export function parseRenewalProtocol(value: unknown, base: RenewalProtocol = DEFAULT_RENEWAL_PROTOCOL): ParsedProtocol {
  const parsed = renewalProtocolSchema.safeParse(value);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => {
        const where = pathText(issue.path);
        return where === '' ? issue.message : `${where}: ${issue.message}`;
      }),
    };
  }
  return { ok: true, protocol: applyOverrides(base, parsed.data) };
}

/** The same from the file's text, so a syntax error is a problem too rather than an exception. */
export function parseRenewalProtocolJson(text: string, base?: RenewalProtocol): ParsedProtocol {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, problems: [`not valid JSON: ${e instanceof Error ? e.message : String(e)}`] };
  }
  return parseRenewalProtocol(value, base);
}
