import type { ResultReview, ResultSeverity, ResultValue } from '../../../shared/results';
import type { QuickText } from '../../../shared/work-item';

/**
 * The words the result screen shares: a value's flag, its trend, the chart told in a sentence, and
 * the hold dialog's dates. Every mark a colour carries is said in words and a marker too.
 */

export type Tone = ResultSeverity;

export const SEVERITY_WORDS: Record<ResultSeverity, { word: string; icon: string }> = {
  normal: { word: 'Normal', icon: '✓' },
  abnormal: { word: 'Abnormal', icon: '!' },
  critical: { word: 'Critical', icon: '‼' },
  unknown: { word: 'Needs reading', icon: '?' },
};

const HIGH_CODES = new Set(['H', 'HH', 'HU', '>']);
const LOW_CODES = new Set(['L', 'LL', 'LU', '<']);

/** Which side of the range a value is on: the lab's code first, then the number against the range. */
function side(value: ResultValue): 'high' | 'low' | null {
  if (value.flag !== null && HIGH_CODES.has(value.flag)) return 'high';
  if (value.flag !== null && LOW_CODES.has(value.flag)) return 'low';
  if (value.numeric === null || value.range === null) return null;
  if (value.range.high !== null && value.numeric > value.range.high) return 'high';
  if (value.range.low !== null && value.numeric < value.range.low) return 'low';
  return null;
}

/** A value's flag as a provider reads it: "Critical high", "Low", "Normal", "No range". */
export function flagOf(value: ResultValue): { word: string; icon: string; tone: Tone } {
  const where = side(value);
  switch (value.severity) {
    case 'critical':
      if (where === 'high') return { word: 'Critical high', icon: '▲▲', tone: 'critical' };
      if (where === 'low') return { word: 'Critical low', icon: '▼▼', tone: 'critical' };
      return { word: 'Critical', icon: '‼', tone: 'critical' };
    case 'abnormal':
      if (where === 'high') return { word: 'High', icon: '▲', tone: 'abnormal' };
      if (where === 'low') return { word: 'Low', icon: '▼', tone: 'abnormal' };
      return { word: 'Abnormal', icon: '!', tone: 'abnormal' };
    case 'normal':
      return { word: 'Normal', icon: '✓', tone: 'normal' };
    case 'unknown':
      return value.range === null
        ? { word: 'No range', icon: '?', tone: 'unknown' }
        : { word: 'Not flagged', icon: '?', tone: 'unknown' };
  }
}

export const TREND_WORDS: Record<ResultValue['trend']['direction'], { word: string; icon: string }> = {
  first: { word: 'First result', icon: '•' },
  rising: { word: 'Rising', icon: '↗' },
  falling: { word: 'Falling', icon: '↘' },
  stable: { word: 'Stable', icon: '→' },
};

/**
 * The report at a glance: main's words ("normal, stable"), except for a narrative report, which has
 * no values to be judged by: it says to read the conclusion rather than "unknown, no values".
 */
export function resultHeadline(review: Pick<ResultReview, 'summary' | 'values' | 'conclusion'>): string {
  return review.values.length === 0 && review.conclusion !== null ? 'Report: read the conclusion' : review.summary;
}

// Spelled here rather than by Intl: ICU builds differ ("Sep" or "Sept", a comma after the weekday or not).
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** "3 Mar 2026", in the workstation's zone (the clinic's own), as the chart's axis says it. */
export function chartDate(ms: number): string {
  const d = new Date(ms);
  return `${d.getDate()} ${MONTHS[d.getMonth()] ?? ''} ${d.getFullYear()}`;
}

/** The time the chart puts the current value at: when it was collected, else when it was issued. */
export function currentAt(review: Pick<ResultReview, 'collectedAt' | 'issuedAt'>): number | null {
  return review.collectedAt ?? review.issuedAt;
}

/**
 * The whole chart in one sentence, for a screen reader and the figure's label: "Potassium: 4.2, 4.4,
 * 4.1 mmol/L from 3 Mar 2026 to 27 Nov 2026; now 4.3, normal, stable; normal range 3.5–5.1".
 */
export function chartStory(value: ResultValue, at: number | null): string {
  const unit = value.unit === null || value.unit === '' ? '' : ` ${value.unit}`;
  const { previous } = value.trend;
  const range = value.range === null ? '' : `; normal range ${value.range.text}`;
  const now = `now ${value.value}${unit}, ${value.trend.summary}`;
  const first = previous[0];
  if (first === undefined) return `${value.name}: first result of this test; ${now}${range}`;
  const last = at ?? previous[previous.length - 1]?.at ?? first.at;
  const earlier = previous.map((p) => String(p.value)).join(', ');
  return `${value.name}: ${earlier}${unit} from ${chartDate(first.at)} to ${chartDate(last)}; ${now}${range}`;
}

/** A YYYY-MM-DD date moved by whole days, on the calendar (no clock, no zone). */
export function addDays(isoDate: string, days: number): string {
  const ms = Date.parse(`${isoDate}T00:00:00Z`);
  if (Number.isNaN(ms)) return isoDate;
  return new Date(ms + days * 86_400_000).toISOString().slice(0, 10);
}

/** The review dates the hold dialog allows: after `today`, and within the reason's limit. */
export function reviewBounds(today: string, maxDays: number | null): { min: string; max: string | undefined } {
  return { min: addDays(today, 1), max: maxDays === null ? undefined : addDays(today, maxDays) };
}

/** "Thu 3 Dec 2026" for a YYYY-MM-DD date (a calendar date: no zone may move it a day). */
export function calendarDate(isoDate: string): string {
  const ms = Date.parse(`${isoDate}T00:00:00Z`);
  if (Number.isNaN(ms)) return isoDate;
  const d = new Date(ms);
  return `${WEEKDAYS[d.getUTCDay()] ?? ''} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()] ?? ''} ${d.getUTCFullYear()}`;
}

/** What a critical result's decision does for the patient's call, in words; null when nothing. */
export function callPatientLine(callPatient: ResultReview['callPatient']): string | null {
  switch (callPatient) {
    case 'will-ask':
      return 'Deciding this result also asks the Nursing Team to call the patient today.';
    case 'asked':
      return 'A call to the patient has been asked for.';
    case null:
      return null;
  }
}

/**
 * The quick texts the release comment offers: those the clinic made for results, at most `max` (a
 * few buttons, not a menu). Texts for "any" item are not among them: the clinic's 911/988 text is one.
 */
export function releaseQuickTexts(texts: readonly QuickText[], max = 4): QuickText[] {
  return texts.filter((t) => t.categories.includes('result-release')).slice(0, max);
}
