import { DAY, MINUTE } from './clinic-clock';
import { LAB_PANELS } from './labs';
import type { Analyte, LabPanel } from './labs';
import { ageAt } from './model';
import type { PatientModel, ReportModel } from './model';
import { idSeed, seededRandom, weightedPicker } from './random';
import type { Random } from './random';
import { makeLabWith, rangeOf } from './results';
import type { Sink } from './sink';

/** How far back earlier results go: about what a provider looks through before a visit. */
export const HISTORY_SPAN = 730 * DAY;

/** A problem on the panel is followed up every few months; screening comes round once a year or so. */
const FOLLOW_UP_COUNT = weightedPicker([
  [0, 1],
  [1, 1],
  [2, 3],
  [3, 3],
  [4, 2],
]);
const SCREENING_COUNT = weightedPicker([
  [0, 2],
  [1, 4],
  [2, 3],
  [3, 1],
]);
const FOLLOW_UP_GAP_DAYS = [90, 180] as const;
const SCREENING_GAP_DAYS = [150, 330] as const;
/** Of the flagged values that are not critical, the share that got there gradually; the rest were already there. */
const DRIFT_SHARE = 0.4;

/**
 * How one analyte got to its current value: `stable` ones wobble within about 5% of it, drifting
 * ones started at a normal value `from` and moved towards it report by report.
 */
type Story = { kind: 'stable' } | { kind: 'drift'; from: number };

/** The lab panel a report is of, or undefined for imaging (no values to trend). */
export function panelOf(report: ReportModel): LabPanel | undefined {
  if (report.conclusion !== null) return undefined;
  const code = report.resource.code.coding?.[0]?.code;
  return LAB_PANELS.find((panel) => panel.loinc === code);
}

/** Whether the panel follows one of the patient's problems (or their warfarin) rather than screening. */
export function followsProblem(panel: LabPanel, p: PatientModel): boolean {
  const problems = new Set(p.conditions.map((c) => c.template.key));
  return panel.key === 'inr' || panel.forConditions.some((c) => c !== 'any' && problems.has(c));
}

/**
 * The patient's earlier, released results of the same lab panel as `report`, so the result screen
 * has a trend to draw: none to four, every few months over at most two years, with values near
 * the current ones or, for some flagged ones, climbing (or falling) towards them.
 *
 * Drawn from a stream of its own, seeded by the report's id and collection time (which the clinic's
 * stream decided, so it stands in for the clinic's seed that the workload does not carry): the
 * clinic's stream is not touched, every other resource comes out exactly as before, and ids are the
 * report's own with `-h1` (the latest earlier one), `-h2`, … added. Not put on `patient.released`
 * either, since messages about results pick from that list.
 */
export function addResultHistory(sink: Sink, report: ReportModel, patient: PatientModel): ReportModel[] {
  const panel = panelOf(report);
  if (panel === undefined) return [];
  const rnd = seededRandom(idSeed(report.collectedAt, `history-${report.id}`));
  const followUp = followsProblem(panel, patient);
  const count = (followUp ? FOLLOW_UP_COUNT : SCREENING_COUNT)(rnd);
  const [minGap, maxGap] = followUp ? FOLLOW_UP_GAP_DAYS : SCREENING_GAP_DAYS;
  const earliest = Math.max(report.collectedAt - HISTORY_SPAN, patient.birthMs + DAY);
  const dates: number[] = [];
  let at = report.collectedAt;
  while (dates.length < count) {
    at -= rnd.int(minGap, maxGap) * DAY + rnd.int(-120, 120) * MINUTE;
    if (at < earliest || ageAt(patient, at) < panel.minAge) break;
    dates.push(at);
  }
  dates.reverse();
  const current = panel.analytes.map((a) => currentValue(report, a));
  const stories = panel.analytes.map((a) => storyOf(rnd, rangeOf(a, patient.gender), interpretationOf(report, a)));
  return dates.map((collectedAt, j) => {
    const values = panel.analytes.map((a, i) =>
      valueAt(rnd, a, current[i] as number, stories[i] as Story, (j + 1) / (dates.length + 1)),
    );
    return makeLabWith(
      rnd,
      sink,
      {
        id: `${report.id}-h${dates.length - j}`,
        patient,
        orderedBy: patient.pcm,
        collectedAt,
        resultedAt: collectedAt + rnd.int(3 * 60, 30 * 60) * MINUTE,
        held: false,
        severity: 'normal',
      },
      panel,
      values,
    );
  });
}

function observationOf(report: ReportModel, a: Analyte) {
  const observation = report.observations.find((o) => o.code.coding?.[0]?.code === a.loinc);
  if (observation === undefined) throw new Error(`${report.id} has no ${a.name}`);
  return observation;
}

function currentValue(report: ReportModel, a: Analyte): number {
  const value = observationOf(report, a).valueQuantity?.value;
  if (value === undefined) throw new Error(`${report.id}: ${a.name} has no value`);
  return value;
}

const interpretationOf = (report: ReportModel, a: Analyte): string =>
  observationOf(report, a).interpretation?.[0]?.coding?.[0]?.code ?? 'N';

/**
 * A critical value is news, so it always got there lately; an abnormal one sometimes did, from a
 * normal value on the side it went wrong (high values were lower before, so the trend reads "rising").
 */
function storyOf(rnd: Random, range: { low?: number; high?: number }, flag: string): Story {
  if (flag === 'N') return { kind: 'stable' };
  const critical = flag === 'HH' || flag === 'LL';
  if (!critical && !rnd.chance(DRIFT_SHARE)) return { kind: 'stable' };
  const between = (from: number, to: number) => from + rnd.next() * (to - from);
  const { low, high } = range;
  const rising = flag.startsWith('H');
  if (low !== undefined && high !== undefined) {
    const width = high - low;
    return {
      kind: 'drift',
      from: rising ? between(low + 0.3 * width, high - 0.1 * width) : between(low + 0.1 * width, low + 0.7 * width),
    };
  }
  if (high !== undefined) return { kind: 'drift', from: high * between(0.6, 0.9) };
  return { kind: 'drift', from: (low ?? 0) * between(1.1, 1.5) };
}

/**
 * The value at `progress` (0 long ago, 1 now) of the way from where it was to the current one, with
 * a little noise so the line is not ruled straight.
 */
function valueAt(rnd: Random, a: Analyte, current: number, story: Story, progress: number): number {
  const noise = (spread: number) => 1 + (rnd.next() * 2 - 1) * spread;
  const value =
    story.kind === 'stable' ? current * noise(0.05) : (story.from + (current - story.from) * progress) * noise(0.02);
  const step = 10 ** -a.decimals;
  return Math.max(step, Number(value.toFixed(a.decimals)));
}
