import type {
  CodeableConcept,
  DiagnosticReport,
  Observation,
  ObservationReferenceRange,
  Organization,
  ServiceRequest,
} from '@medplum/fhirtypes';
import {
  DIAGNOSTIC_SERVICE_SECTION,
  LOINC,
  NO_PATIENT_ACCESS,
  OBSERVATION_CATEGORY,
  OBSERVATION_INTERPRETATION,
  SECURITY_LABEL_SYSTEM,
  SNOMED,
  UCUM,
} from '../domain/fhir/codes';
import { iso } from './clinic-clock';
import { IMAGING, LAB_PANELS } from './labs';
import type { Analyte, ImagingStudy, LabPanel } from './labs';
import type { PatientModel, ReportModel } from './model';
import { weightedPicker } from './random';
import type { Random } from './random';
import { frozen, ref, sharedBy } from './sink';
import type { Sink } from './sink';
import { MTF_ID } from './staff';
import type { StaffMember } from './staff';

export type Severity = ReportModel['severity'];
type Flag = 'N' | 'H' | 'L' | 'HH' | 'LL';

// Shared by every result of their kind (see frozen() for why).
const LAB_OBSERVATION = frozen([
  { coding: [{ system: OBSERVATION_CATEGORY, code: 'laboratory', display: 'Laboratory' }] },
]);
const LAB_REPORT = frozen([{ coding: [{ system: DIAGNOSTIC_SERVICE_SECTION, code: 'LAB', display: 'Laboratory' }] }]);
const RADIOLOGY_REPORT = frozen([
  { coding: [{ system: DIAGNOSTIC_SERVICE_SECTION, code: 'RAD', display: 'Radiology' }] },
]);
const LABORATORY = frozen([ref<Organization>('Organization', MTF_ID, 'Harbor Point Clinic Laboratory')]);
const RADIOLOGY = frozen([ref<Organization>('Organization', MTF_ID, 'Harbor Point Clinic Radiology')]);
const ANALYTE_CODE = sharedBy<Analyte, CodeableConcept>((a) => ({
  coding: [{ system: LOINC, code: a.loinc, display: a.name }],
  text: a.name,
}));
const PANEL_CODE = sharedBy<LabPanel, CodeableConcept>((panel) => ({
  coding: [{ system: LOINC, code: panel.loinc, display: panel.name }],
  text: panel.name,
}));
const INTERPRETATION = sharedBy<Flag, CodeableConcept[]>((code) => [
  { coding: [{ system: OBSERVATION_INTERPRETATION, code }] },
]);
const UNIT = sharedBy<Analyte, { unit: string; system: string; code: string }>((a) => ({
  unit: a.unit,
  system: UCUM,
  code: a.ucum ?? a.unit,
}));
const FEMALE_RANGE = sharedBy<Analyte, ObservationReferenceRange[]>((a) => [
  referenceRange(rangeOf(a, 'female'), UNIT(a)),
]);
const MALE_RANGE = sharedBy<Analyte, ObservationReferenceRange[]>((a) => [referenceRange(rangeOf(a, 'male'), UNIT(a))]);

const HELD = () => ({ security: [{ system: SECURITY_LABEL_SYSTEM, code: NO_PATIENT_ACCESS }] });

/** Most results are normal, a third are flagged, a few are critical: the mix a PCM's queue shows. */
export const SEVERITY = weightedPicker<Severity>([
  ['normal', 62],
  ['abnormal', 35],
  ['critical', 3],
]);

export interface ReportSpec {
  id: string;
  patient: PatientModel;
  orderedBy: StaffMember;
  collectedAt: number;
  resultedAt: number;
  /** Held results carry NOPAT on the report and each observation until released. */
  held: boolean;
  severity: Severity;
}

/** A lab panel or an imaging study, chosen to fit the patient's problems and age. */
export function makeResult(rnd: Random, sink: Sink, spec: ReportSpec, imagingShare = 0.12): ReportModel {
  const age = spec.patient.age;
  const studies = IMAGING.filter((s) => s.minAge <= age);
  if (rnd.chance(imagingShare) && studies.length > 0 && spec.severity !== 'critical') {
    return makeImaging(rnd, sink, spec, rnd.pick(studies));
  }
  return makeLab(rnd, sink, spec, choosePanel(rnd, spec.patient, spec.severity === 'critical'));
}

function choosePanel(rnd: Random, p: PatientModel, critical: boolean): LabPanel {
  const conditions = new Set(p.conditions.map((c) => c.template.key));
  const onWarfarin = p.meds.some((m) => m.template.key === 'warfarin-5');
  const fitting = LAB_PANELS.filter(
    (panel) =>
      panel.minAge <= p.age &&
      (panel.sex === undefined || panel.sex === p.gender) &&
      (panel.key !== 'inr' || onWarfarin) &&
      (!critical || panel.analytes.some((a) => a.criticalHigh !== undefined || a.criticalLow !== undefined)),
  );
  if (fitting.length === 0) return LAB_PANELS[1] as LabPanel;
  // Panels for the patient's own problems are four times as likely as routine screening.
  const weights = fitting.map((panel) => (panel.forConditions.some((c) => conditions.has(c)) ? 4 : 1));
  let target = rnd.next() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < fitting.length; i++) {
    target -= weights[i] ?? 0;
    if (target < 0) return fitting[i] as LabPanel;
  }
  return fitting[fitting.length - 1] as LabPanel;
}

export function rangeOf(a: Analyte, sex: 'female' | 'male'): { low?: number; high?: number } {
  const female = sex === 'female' ? a.female : undefined;
  if (female !== undefined) return female;
  const range: { low?: number; high?: number } = {};
  if (a.low !== undefined) range.low = a.low;
  if (a.high !== undefined) range.high = a.high;
  return range;
}

function referenceRange(
  range: { low?: number; high?: number },
  unit: { unit: string; system: string; code: string },
): ObservationReferenceRange {
  const entry: ObservationReferenceRange = {};
  if (range.low !== undefined) entry.low = { value: range.low, ...unit };
  if (range.high !== undefined) entry.high = { value: range.high, ...unit };
  return entry;
}

export function flagOf(a: Analyte, value: number, range: { low?: number; high?: number }): Flag {
  if (a.criticalLow !== undefined && value < a.criticalLow) return 'LL';
  if (a.criticalHigh !== undefined && value > a.criticalHigh) return 'HH';
  if (range.low !== undefined && value < range.low) return 'L';
  if (range.high !== undefined && value > range.high) return 'H';
  return 'N';
}

function valueFor(rnd: Random, a: Analyte, range: { low?: number; high?: number }, want: Flag, p: PatientModel) {
  const { low, high } = range;
  const between = (from: number, to: number) => from + rnd.next() * (to - from);
  // Known diabetics run high A1c and warfarin patients run a therapeutic INR: flagged, but expected.
  if (a.loinc === '4548-4' && p.conditions.some((c) => c.template.key === 'type-2-diabetes') && want !== 'N') {
    return between(6.6, 9.8);
  }
  switch (want) {
    case 'HH':
      return (a.criticalHigh ?? (high ?? 1) * 3) * between(1.03, 1.25);
    case 'LL':
      return (a.criticalLow ?? (low ?? 1) / 3) * between(0.75, 0.97);
    case 'H': {
      const edge = high ?? (low ?? 1) * 2;
      const top = a.criticalHigh === undefined ? 1.6 : Math.min(1.6, (0.97 * a.criticalHigh) / edge);
      return edge * between(1.06, Math.max(1.07, top));
    }
    case 'L': {
      const edge = low ?? (high ?? 1) * 0.3;
      const bottom = a.criticalLow === undefined ? 0.55 : Math.max(0.55, (1.05 * a.criticalLow) / edge);
      return edge * between(Math.min(bottom, 0.92), 0.94);
    }
    case 'N':
      if (low !== undefined && high !== undefined) return between(low + (high - low) * 0.1, high - (high - low) * 0.1);
      if (high !== undefined) return high * between(0.55, 0.93);
      return (low ?? 1) * between(1.1, 1.7);
  }
}

function makeLab(rnd: Random, sink: Sink, spec: ReportSpec, panel: LabPanel): ReportModel {
  const p = spec.patient;
  // Which analytes go wrong: one or two for an abnormal panel, one past its critical limit for a critical one.
  const wrong = new Map<number, Flag>();
  if (spec.severity !== 'normal') {
    const criticalable = panel.analytes
      .map((a, i) => [a, i] as const)
      .filter(([a]) => a.criticalHigh !== undefined || a.criticalLow !== undefined);
    if (spec.severity === 'critical' && criticalable.length > 0) {
      const [a, i] = rnd.pick(criticalable);
      const ways: Flag[] = [];
      if (a.criticalHigh !== undefined && a.abnormal !== 'low') ways.push('HH');
      if (a.criticalLow !== undefined && a.abnormal !== 'high') ways.push('LL');
      if (ways.length === 0) ways.push(a.criticalHigh === undefined ? 'LL' : 'HH');
      wrong.set(i, rnd.pick(ways));
    }
    const count = spec.severity === 'abnormal' ? rnd.int(1, Math.min(2, panel.analytes.length)) : 0;
    for (let k = 0; k < count; k++) {
      const i = rnd.int(0, panel.analytes.length - 1);
      const a = panel.analytes[i] as Analyte;
      if (wrong.has(i)) continue;
      wrong.set(i, a.abnormal === 'either' ? (rnd.chance(0.5) ? 'H' : 'L') : a.abnormal === 'high' ? 'H' : 'L');
    }
  }
  const values = panel.analytes.map((a, i) =>
    Number(valueFor(rnd, a, rangeOf(a, p.gender), wrong.get(i) ?? 'N', p).toFixed(a.decimals)),
  );
  return makeLabWith(rnd, sink, spec, panel, values);
}

/**
 * A lab panel with its values already decided (one per analyte, in the panel's order): flags and
 * severity follow from the values and the patient's reference ranges, as for any other result.
 * `spec.severity` is not used; the values decide it.
 */
export function makeLabWith(
  rnd: Random,
  sink: Sink,
  spec: ReportSpec,
  panel: LabPanel,
  values: readonly number[],
): ReportModel {
  if (values.length !== panel.analytes.length) {
    throw new RangeError(`${panel.name} has ${panel.analytes.length} analytes, got ${values.length} values`);
  }
  const p = spec.patient;
  const subject = p.ref;
  // Left undefined when released: the sink stamps versionId and lastUpdated either way.
  const meta = () => (spec.held ? HELD() : undefined);
  const worst: { flagged: ReportModel['flagged'] } = { flagged: null };
  const observations = panel.analytes.map((a, i) => {
    const value = values[i] as number;
    const flag = flagOf(a, value, rangeOf(a, p.gender));
    const unit = UNIT(a);
    if (flag !== 'N' && (worst.flagged === null || flag.length === 2)) {
      worst.flagged = { analyte: a.name, value: `${value} ${a.unit === '{INR}' ? '' : a.unit}`.trim(), flag };
    }
    const observation: Observation = {
      resourceType: 'Observation',
      id: `${spec.id}-${i + 1}`,
      meta: meta(),
      status: 'final',
      category: LAB_OBSERVATION,
      code: ANALYTE_CODE(a),
      subject,
      effectiveDateTime: iso(spec.collectedAt),
      issued: iso(spec.resultedAt),
      valueQuantity: { value, unit: unit.unit, system: unit.system, code: unit.code },
      interpretation: INTERPRETATION(flag),
      referenceRange: (p.gender === 'female' ? FEMALE_RANGE : MALE_RANGE)(a),
    };
    return sink.add(observation, spec.resultedAt);
  });
  const order = addOrder(sink, spec, panel.name, panel.loinc, 'lab');
  const resource = sink.add<DiagnosticReport>(
    {
      resourceType: 'DiagnosticReport',
      id: spec.id,
      meta: meta(),
      status: 'final',
      category: LAB_REPORT,
      code: PANEL_CODE(panel),
      subject,
      basedOn: [ref('ServiceRequest', order.id ?? '')],
      effectiveDateTime: iso(spec.collectedAt),
      issued: iso(spec.resultedAt),
      performer: LABORATORY,
      result: observations.map((o) => ref('Observation', o.id ?? '', o.code.text)),
    },
    spec.resultedAt,
  );
  return {
    id: spec.id,
    name: panel.name,
    plain: rnd.pick(['blood work', 'labs', panel.name]),
    collectedAt: spec.collectedAt,
    resource,
    observations,
    flagged: worst.flagged,
    conclusion: null,
    severity: worst.flagged === null ? 'normal' : worst.flagged.flag.length === 2 ? 'critical' : 'abnormal',
  };
}

function makeImaging(rnd: Random, sink: Sink, spec: ReportSpec, study: ImagingStudy): ReportModel {
  const p = spec.patient;
  const abnormal = spec.severity !== 'normal';
  const conclusion = rnd.pick(abnormal ? study.abnormal : study.normal);
  const order = addOrder(sink, spec, study.name, study.loinc, 'imaging');
  const resource = sink.add<DiagnosticReport>(
    {
      resourceType: 'DiagnosticReport',
      id: spec.id,
      ...(spec.held ? { meta: HELD() } : {}),
      status: 'final',
      category: RADIOLOGY_REPORT,
      code: {
        ...(study.loinc === undefined ? {} : { coding: [{ system: LOINC, code: study.loinc, display: study.name }] }),
        text: study.name,
      },
      subject: p.ref,
      basedOn: [ref('ServiceRequest', order.id ?? '')],
      effectiveDateTime: iso(spec.collectedAt),
      issued: iso(spec.resultedAt),
      performer: RADIOLOGY,
      conclusion,
    },
    spec.resultedAt,
  );
  return {
    id: spec.id,
    name: study.name,
    plain: study.plain,
    collectedAt: spec.collectedAt,
    resource,
    observations: [],
    flagged: null,
    conclusion,
    severity: abnormal ? 'abnormal' : 'normal',
  };
}

function addOrder(
  sink: Sink,
  spec: ReportSpec,
  name: string,
  loinc: string | undefined,
  kind: 'lab' | 'imaging',
): ServiceRequest {
  return sink.add<ServiceRequest>(
    {
      resourceType: 'ServiceRequest',
      id: `order-${spec.id}`,
      status: 'completed',
      intent: 'order',
      category: [
        {
          coding: [
            kind === 'lab'
              ? { system: SNOMED, code: '108252007', display: 'Laboratory procedure' }
              : { system: SNOMED, code: '363679005', display: 'Imaging' },
          ],
        },
      ],
      code: { ...(loinc === undefined ? {} : { coding: [{ system: LOINC, code: loinc, display: name }] }), text: name },
      subject: spec.patient.ref,
      authoredOn: iso(spec.collectedAt - 2 * 3_600_000),
      requester: spec.orderedBy.ref,
    },
    spec.collectedAt,
  );
}

/** Lifts the NOPAT hold from a report and its observations: the patient can now see it. */
export function release(sink: Sink, report: ReportModel, at: number): void {
  for (const r of [report.resource, ...report.observations]) {
    if (r.meta !== undefined) delete r.meta.security;
    sink.touch(r, at);
  }
}
