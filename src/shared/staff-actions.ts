import { z } from 'zod';

/**
 * The staff actions that change a work item, as recorded in the outbox: what the person decided,
 * not the HTTP it becomes. The same action is applied to the local copy at once and to the
 * portal's current Task when it is sent, so a rebase after someone else's change re-applies the
 * decision rather than replaying stale fields.
 */
const reference = z.string().regex(/^(CareTeam|Practitioner|PractitionerRole)\/[A-Za-z0-9\-.]{1,64}$/);
const text = z.string().trim().min(1).max(10_000);

export const actionSchemas = {
  claim: z.object({}).strict(),
  assign: z.object({ to: reference }).strict(),
  route: z.object({ pool: reference, reason: text }).strict(),
  priority: z.object({ priority: z.enum(['routine', 'urgent', 'asap', 'stat']) }).strict(),
  note: z.object({ text }).strict(),
  reply: z
    .object({
      text,
      inResponseTo: z
        .string()
        .regex(/^[A-Za-z0-9\-.]{1,64}$/)
        .optional(),
    })
    .strict(),
  done: z.object({}).strict(),
  /**
   * Someone has dealt with an emergency: `reply` once the 911/988 reply was sent, `call` for a call
   * made (the note says what was done). Until then an emergency item cannot be marked done.
   */
  acknowledge: z.object({ how: z.enum(['reply', 'call']), note: text }).strict(),
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
      .object({ id: z.string().regex(/^[A-Za-z0-9\-.]{1,64}$/), kind: z.literal(kind), payload: actionSchemas[kind] })
      .strict(),
  ) as unknown as [z.ZodObject, ...z.ZodObject[]],
) as unknown as z.ZodType<ActArgument>;
