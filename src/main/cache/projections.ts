import type {
  CareTeam,
  Communication,
  DiagnosticReport,
  MedicationDispense,
  MedicationRequest,
  Observation,
  ObservationComponent,
  Patient,
  Practitioner,
  PractitionerRole,
  Task,
} from '@medplum/fhirtypes';
import {
  BENEFICIARY_CATEGORY_EXT,
  EMERGENCY_ACK_EXT,
  LOINC,
  NO_PATIENT_ACCESS,
  POOL_LEAD_CODE,
  STAFF_ROLE_SYSTEM,
  TASK_POOL_EXT,
  TRICARE_REGION_EXT,
  WORK_TYPE_SYSTEM,
} from '../../domain/fhir/codes';
import { patientKeys } from '../../domain/patients/patient-keys';
import { classify } from '../../domain/triage/classify';
import { OPEN_STATUSES } from '../../shared/work-item';
import type { TaskStatus, TriageExplanation } from '../../shared/work-item';
import type {
  DiagnosticReportTable,
  MedicationDispenseTable,
  MedicationRequestTable,
  MessageTable,
  ObservationTable,
  PatientTable,
  PoolTable,
  PractitionerRoleTable,
  PractitionerTable,
  WorkItemTable,
} from '../db/schema';
import type { Selectable } from 'kysely';
import { DEFAULT_DERIVATION } from './derivation-config';
import type { DerivationConfig } from './derivation-config';
import { holdReviewAt, policyDue } from './due-times';
import { extensionCode, extensionReference, humanName, parseReference, toMillis } from './fhir-read';

/**
 * FHIR resource → projection row. Pure: the same JSON and derivation config always give the same
 * row, so a projection can be rebuilt from `fhir_resource` at any time. Each returns the row
 * without `rid`, which the writer fills in.
 */
export type Row<T> = Omit<Selectable<T>, 'rid'>;

const isHeld = (security: { system?: string; code?: string }[] | undefined): number =>
  security?.some((s) => s.code === NO_PATIENT_ACCESS) === true ? 1 : 0;

export function patientRow(p: Patient & { id: string }): Row<PatientTable> {
  return {
    id: p.id,
    display_name: humanName(p.name) ?? `Patient ${p.id}`,
    birth_date: p.birthDate ?? null,
    gender: p.gender ?? null,
    beneficiary_category: extensionCode(p.extension, BENEFICIARY_CATEGORY_EXT),
    region: extensionCode(p.extension, TRICARE_REGION_EXT),
    ...patientKeys(p),
  };
}

export function practitionerRow(p: Practitioner & { id: string }): Row<PractitionerTable> {
  const name = p.name?.[0];
  const display =
    name === undefined
      ? null
      : (name.text ?? [...(name.prefix ?? []), ...(name.given ?? []), name.family ?? ''].join(' ').trim());
  return { id: p.id, display_name: display === null || display === '' ? `Practitioner ${p.id}` : display };
}

export function practitionerRoleRow(r: PractitionerRole & { id: string }): Row<PractitionerRoleTable> {
  const role = r.code?.flatMap((c) => c.coding ?? []).find((c) => c.system === STAFF_ROLE_SYSTEM)?.code;
  return { id: r.id, practitioner_id: parseReference(r.practitioner)?.id ?? null, role: role ?? null };
}

export interface PoolMemberRow {
  id: string;
  lead: boolean;
}

const leads = (role: { coding?: { system?: string; code?: string }[] }[] | undefined): boolean =>
  role?.some((r) => r.coding?.some((c) => c.system === STAFF_ROLE_SYSTEM && c.code === POOL_LEAD_CODE)) === true;

export function poolRows(team: CareTeam & { id: string }): { pool: Row<PoolTable>; members: PoolMemberRow[] } {
  // A person listed twice (two roles) is one member, and a lead if either entry says so.
  const members = new Map<string, boolean>();
  for (const participant of team.participant ?? []) {
    const member = parseReference(participant.member);
    if (member?.type !== 'Practitioner') continue;
    members.set(member.id, members.get(member.id) === true || leads(participant.role));
  }
  return {
    pool: { id: team.id, name: team.name ?? `Pool ${team.id}`, active: team.status === 'inactive' ? 0 : 1 },
    members: [...members].map(([id, lead]) => ({ id, lead })),
  };
}

/**
 * The columns of a work item read from its Task alone. `emergency`, `emergency_kind`, `category` and
 * `suggested_pool` come from the item's thread, which may arrive in another page: they start
 * empty here and derive-items.ts fills them in the same transaction.
 */
export function workItemRow(
  task: Task & { id: string },
  config: DerivationConfig = DEFAULT_DERIVATION,
): Row<WorkItemTable> {
  const code = task.code?.coding?.find((c) => c.system === WORK_TYPE_SYSTEM)?.code ?? 'respond-to-message';
  const owner = parseReference(task.owner);
  const poolRef = owner?.type === 'CareTeam' ? task.owner : extensionReference(task.extension, TASK_POOL_EXT);
  const focus = parseReference(task.focus);
  const patient = parseReference(task.for);
  const status = task.status as TaskStatus;
  const priority = task.priority ?? 'routine';
  const receivedAt = toMillis(task.authoredOn) ?? toMillis(task.meta?.lastUpdated) ?? 0;
  const portalDueAt = toMillis(task.restriction?.period?.end);
  // A held result comes back on its review day; every other item is due by the clinic's targets.
  const review = status === 'on-hold' ? holdReviewAt(task, config) : null;
  const due = review === null ? policyDue(receivedAt, code, priority, config) : null;
  const ack = emergencyAck(task);
  return {
    id: task.id,
    work_type: code,
    status: task.status,
    is_open: OPEN_STATUSES.includes(status) ? 1 : 0,
    priority,
    subject: task.description ?? task.code?.text ?? 'Work item',
    description: task.note?.map((n) => n.text).join('\n') ?? null,
    patient_id: patient?.type === 'Patient' ? patient.id : null,
    patient_display: task.for?.display ?? null,
    pool_id: parseReference(poolRef)?.id ?? null,
    owner_type: owner === null ? null : owner.type === 'CareTeam' ? 'pool' : 'person',
    owner_id: owner?.id ?? null,
    owner_display: task.owner?.display ?? null,
    focus_type: focus?.type ?? null,
    focus_id: focus?.id ?? null,
    received_at: receivedAt,
    due_at: review ?? due?.at ?? portalDueAt,
    due_policy: due?.policy ?? null,
    portal_due_at: portalDueAt,
    emergency: 0,
    possible_emergency: 0,
    emergency_kind: null,
    emergency_ack_at: ack.at,
    emergency_ack_by: ack.by,
    emergency_ack_how: ack.how,
    category: null,
    suggested_pool: null,
  };
}

function emergencyAck(task: Task): { at: number | null; by: string | null; how: string | null } {
  const parts = task.extension?.find((e) => e.url === EMERGENCY_ACK_EXT)?.extension ?? [];
  const part = (url: string) => parts.find((e) => e.url === url);
  const by = part('by')?.valueReference;
  return {
    at: toMillis(part('at')?.valueDateTime),
    by: by?.display ?? by?.reference ?? null,
    how: part('how')?.valueCode ?? null,
  };
}

export function messageRow(
  c: Communication & { id: string },
  config: DerivationConfig = DEFAULT_DERIVATION,
): Row<MessageTable> {
  const sender = parseReference(c.sender);
  const topic = c.topic?.text ?? null;
  const body =
    c.payload
      ?.map((p) => p.contentString)
      .filter((s) => s !== undefined)
      .join('\n\n') || null;
  const triage = sender?.type === 'Patient' ? triageOf(topic, body, config) : null;
  return {
    id: c.id,
    // A header has no partOf: it is its own thread.
    thread_id: parseReference(c.partOf?.[0])?.id ?? c.id,
    patient_id: parseReference(c.subject)?.id ?? null,
    sender_type: sender?.type ?? null,
    sender_id: sender?.id ?? null,
    sender_display: c.sender?.display ?? null,
    sent_at: toMillis(c.sent),
    received_at: toMillis(c.received),
    topic,
    body,
    in_response_to: parseReference(c.inResponseTo?.[0])?.id ?? null,
    triage: triage === null ? null : JSON.stringify(triage),
    emergency: triage?.emergency?.tier === 'emergency' ? 1 : 0,
    possible_emergency: triage?.emergency?.tier === 'possible' ? 1 : 0,
  };
}

/**
 * `message.triage` as stored (JSON): what the item view explains, as `TriageExplanation` with the
 * pool under `pool`.
 */
export interface StoredTriage extends Omit<TriageExplanation, 'suggestedPool'> {
  pool: string;
}

/** Only what a patient writes is triaged: staff replies quote emergency wording ("call 911 if …"). */
export function triageOf(topic: string | null, body: string | null, config: DerivationConfig): StoredTriage {
  const result = classify({ subject: topic ?? '', body: body ?? '' }, config.rules);
  return {
    category: result.category,
    pool: result.pool,
    emergency:
      result.emergency === null
        ? null
        : {
            tier: result.emergency.tier,
            kind: result.emergency.kind,
            action: result.emergency.action,
            flags: result.emergency.flags.map((f) => ({
              concept: f.label,
              family: f.family,
              tier: f.tier,
              words: f.words,
              where: f.field,
              modifiers: f.modifiers,
            })),
          },
    reasons: result.reasons,
  };
}

export function medicationRequestRow(m: MedicationRequest & { id: string }): Row<MedicationRequestTable> {
  const concept = m.medicationCodeableConcept;
  return {
    id: m.id,
    patient_id: parseReference(m.subject)?.id ?? null,
    status: m.status,
    intent: m.intent,
    medication:
      concept?.text ?? concept?.coding?.[0]?.display ?? m.medicationReference?.display ?? 'Unnamed medication',
    dosage:
      m.dosageInstruction
        ?.map((d) => d.text)
        .filter((t) => t !== undefined)
        .join('; ') || null,
    refills_allowed: m.dispenseRequest?.numberOfRepeatsAllowed ?? null,
    quantity: m.dispenseRequest?.quantity?.value ?? null,
    valid_until: toMillis(m.dispenseRequest?.validityPeriod?.end),
    authored_at: toMillis(m.authoredOn),
    requester_id: parseReference(m.requester)?.id ?? null,
    requester_display: m.requester?.display ?? null,
    prior_prescription_id: parseReference(m.priorPrescription)?.id ?? null,
  };
}

export function medicationDispenseRow(d: MedicationDispense & { id: string }): Row<MedicationDispenseTable> {
  return {
    id: d.id,
    patient_id: parseReference(d.subject)?.id ?? null,
    prescription_id: parseReference(d.authorizingPrescription?.[0])?.id ?? null,
    handed_over_at: toMillis(d.whenHandedOver),
    quantity: d.quantity?.value ?? null,
  };
}

export function diagnosticReportRows(r: DiagnosticReport & { id: string }): {
  report: Row<DiagnosticReportTable>;
  results: string[];
} {
  return {
    report: {
      id: r.id,
      patient_id: parseReference(r.subject)?.id ?? null,
      status: r.status,
      name: r.code.text ?? r.code.coding?.[0]?.display ?? 'Result',
      issued_at: toMillis(r.issued) ?? toMillis(r.effectiveDateTime),
      held: isHeld(r.meta?.security),
      conclusion: r.conclusion ?? null,
    },
    results: (r.result ?? []).map((ref) => parseReference(ref)?.id).filter((id): id is string => id !== undefined),
  };
}

const SYSTOLIC = '8480-6';
const DIASTOLIC = '8462-4';

const loincOf = (concept: { coding?: { system?: string; code?: string }[] } | undefined): string | null =>
  concept?.coding?.find((c) => c.system === LOINC && c.code !== undefined)?.code ?? null;

/**
 * A blood pressure is a panel whose value sits in its systolic and diastolic components:
 * "128/82 mm[Hg]" (UCUM unit when given), the form staff write it in. Null for anything else.
 */
function bloodPressureText(components: ObservationComponent[] | undefined): string | null {
  const part = (loinc: string) => components?.find((c) => loincOf(c.code) === loinc)?.valueQuantity;
  const systolic = part(SYSTOLIC);
  const diastolic = part(DIASTOLIC);
  if (systolic?.value === undefined || diastolic?.value === undefined) return null;
  const unit = systolic.code ?? systolic.unit ?? '';
  return `${systolic.value}/${diastolic.value} ${unit}`.trim();
}

export function observationRow(o: Observation & { id: string }): Row<ObservationTable> {
  const q = o.valueQuantity;
  const value =
    q !== undefined
      ? `${q.value ?? ''} ${q.unit ?? ''}`.trim()
      : (o.valueString ?? o.valueCodeableConcept?.text ?? bloodPressureText(o.component));
  return {
    id: o.id,
    patient_id: parseReference(o.subject)?.id ?? null,
    name: o.code.text ?? o.code.coding?.[0]?.display ?? 'Observation',
    code: loincOf(o.code),
    value_text: value,
    flag: o.interpretation?.[0]?.coding?.[0]?.code ?? null,
    effective_at: toMillis(o.effectiveDateTime) ?? toMillis(o.issued),
    held: isHeld(o.meta?.security),
  };
}
