import { z } from 'zod';

/**
 * The staff actions that change a work item, as recorded in the outbox: what the person decided,
 * not the HTTP it becomes. The same action is applied to the local copy at once and to the
 * portal's current Task when it is sent, so a rebase after someone else's change re-applies the
 * decision rather than replaying stale fields.
 */
// Each pattern bounds its string's length; the .max() beside it states that for the contract's bounds test.
const person = z
  .string()
  .regex(/^Practitioner\/[A-Za-z0-9\-.]{1,64}$/, 'must name a Practitioner')
  .max(77);
const pool = z
  .string()
  .regex(/^CareTeam\/[A-Za-z0-9\-.]{1,64}$/, 'must name a pool (CareTeam)')
  .max(73);
/**
 * FHIR strings hold no control characters but tab, line feed and carriage return, and no lone
 * surrogates (they are not Unicode text): a portal refuses them, so the desk does before "saved".
 */
const NOT_FHIR_TEXT =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const text = z
  .string()
  .trim()
  .min(1)
  .max(10_000)
  .refine((value) => !NOT_FHIR_TEXT.test(value), {
    message: 'contains control characters the portal cannot store: remove them (paste as plain text)',
  });

/**
 * Filled in by main when the result is critical and nobody has been asked to call yet: the urgent
 * "call the patient" item the decision creates, and the pool it goes to.
 */
const callPatientSchema = z
  .object({
    pool: z
      .string()
      .regex(/^CareTeam\/[A-Za-z0-9\-.]{1,64}$/)
      .max(73),
    reason: text,
  })
  .strict()
  .optional();

/** What a prescriber decides about a renewal's prescription (approved as is, or with changes). */
export const prescriptionTermsSchema = z
  .object({
    quantity: z.number().positive().max(10_000),
    unit: z.string().trim().min(1).max(40),
    /** Refills after the first fill. */
    repeats: z.number().int().min(0).max(11),
    /** How long the prescription may be filled, from today. */
    validityDays: z.number().int().min(1).max(365),
    dosage: z.string().trim().min(1).max(1_000),
  })
  .strict();
export type PrescriptionTerms = z.infer<typeof prescriptionTermsSchema>;

/** The drug and the pharmacy of a renewal, as main read them from the prior prescription. */
export const renewedPrescriptionSchema = z
  .object({
    medication: z.object({ text: z.string().max(500), rxnorm: z.string().max(20).optional() }).strict(),
    pharmacy: z.object({ reference: z.string().max(200), display: z.string().max(200).optional() }).strict(),
    supplyDays: z.number().positive().max(3_650).optional(),
  })
  .strict();
export type RenewedPrescription = z.infer<typeof renewedPrescriptionSchema>;

export const actionSchemas = {
  claim: z.object({}).strict(),
  /** `reason` is written as a note: why it went to that person (a renewal routed to another prescriber). */
  assign: z.object({ to: person, reason: text.optional() }).strict(),
  /** Items go to pools; a person gets an item by assignment. */
  route: z.object({ pool: pool, reason: text }).strict(),
  priority: z.object({ priority: z.enum(['routine', 'urgent', 'asap', 'stat']) }).strict(),
  note: z.object({ text }).strict(),
  reply: z
    .object({
      text,
      inResponseTo: z
        .string()
        .regex(/^[A-Za-z0-9\-.]{1,64}$/)
        .max(64)
        .optional(),
    })
    .strict(),
  done: z.object({}).strict(),
  /**
   * Someone has dealt with an emergency: `reply` once the 911/988 reply was sent, `call` for a call
   * made (the note says what was done). Until then an emergency item cannot be marked done.
   */
  acknowledge: z.object({ how: z.enum(['reply', 'call']), note: text }).strict(),
  /**
   * A PCM approves a renewal: a new prescription with these terms, `priorPrescription` the one the
   * Task focuses on, and the Task completed. `changed`: the PCM changed the terms from the prior
   * prescription's (approve with changes). `prescription` is filled in by main from the cache,
   * whatever the renderer sent: the drug and the pharmacy are not the page's to choose.
   */
  renew: z
    .object({
      terms: prescriptionTermsSchema,
      changed: z.boolean(),
      note: text.optional(),
      prescription: renewedPrescriptionSchema.optional(),
    })
    .strict(),
  /** A PCM declines a renewal: the Task is rejected with the reason, and the patient gets the reply. */
  deny: z.object({ reason: text.max(500), reply: text }).strict(),
  /** A nurse prepares a renewal for the PCM: the proposed terms and a note, and (optionally) to whom. */
  pend: z
    .object({
      terms: prescriptionTermsSchema,
      note: text,
      to: z
        .string()
        .regex(/^Practitioner\/[A-Za-z0-9\-.]{1,64}$/)
        .max(77)
        .optional(),
    })
    .strict(),
  /**
   * A "renewal" that is a refill (refills left, still valid): the patient is pointed to the pharmacy
   * that fills it, and the item is done, in one step.
   */
  'redirect-refill': z.object({ text }).strict(),
  /**
   * A provider releases a result: its hold label comes off the report and its results, an optional
   * comment goes to the patient, and the Task completes. `labels` is filled in by main from the
   * cache: the security labels of each held resource as this decision saw them.
   */
  release: z
    .object({
      comment: text.optional(),
      labels: z
        .array(
          z
            .object({
              type: z.enum(['DiagnosticReport', 'Observation']),
              id: z
                .string()
                .regex(/^[A-Za-z0-9\-.]{1,64}$/)
                .max(64),
              security: z
                .array(z.object({ system: z.string().max(300).optional(), code: z.string().max(64).optional() }))
                .max(20),
            })
            .strict(),
        )
        .max(200)
        .optional(),
      callPatient: callPatientSchema,
    })
    .strict(),
  /** A provider holds a result for a documented reason until a review date (checked in main). */
  hold: z
    .object({
      reason: z.string().max(64),
      note: text,
      reviewOn: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date like 2026-12-03')
        .max(10),
      callPatient: callPatientSchema,
    })
    .strict(),
} as const;

export type ActionKind = keyof typeof actionSchemas;
export const ACTION_KINDS = Object.keys(actionSchemas) as ActionKind[];

export type ActionPayload<K extends ActionKind = ActionKind> = z.infer<(typeof actionSchemas)[K]>;

export interface StaffAction<K extends ActionKind = ActionKind> {
  kind: K;
  payload: ActionPayload<K>;
  /** The client UUID: the create's identifier and the Task's last-client-action marker. */
  uuid: string;
  /** `Practitioner/…` of the person acting. */
  actor: string;
  /** ISO instant of the decision (this machine's clock: it is the person's time, not the server's). */
  at: string;
}

export function parseAction(kind: string, payload: unknown): { kind: ActionKind; payload: ActionPayload } {
  if (!(kind in actionSchemas)) throw new Error(`unknown action "${kind}"`);
  const k = kind as ActionKind;
  return { kind: k, payload: actionSchemas[k].parse(payload) };
}

/** What the renderer sends for one action: the work item, the kind, and that kind's payload. */
export type ActArgument = { [K in ActionKind]: { id: string; kind: K; payload: ActionPayload<K> } }[ActionKind];

export const actArgumentSchema = z.discriminatedUnion(
  'kind',
  (Object.keys(actionSchemas) as ActionKind[]).map((kind) =>
    z
      .object({
        id: z
          .string()
          .regex(/^[A-Za-z0-9\-.]{1,64}$/)
          .max(64),
        kind: z.literal(kind),
        payload: actionSchemas[kind],
      })
      .strict(),
  ) as unknown as [z.ZodObject, ...z.ZodObject[]],
) as unknown as z.ZodType<ActArgument>;
