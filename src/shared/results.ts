/**
 * What the results queue and the result screen show, as the renderer sees it. Severity and trend
 * are judged in main by src/domain/results; the page only draws them.
 */

/** How far from normal: `unknown` means nothing says (no range, narrative text): a person reads it. */
export type ResultSeverity = 'normal' | 'abnormal' | 'critical' | 'unknown';

/** One earlier value of the same test, in the same unit. `at`: epoch ms of collection. */
export interface TrendPoint {
  at: number;
  value: number;
}

/** One value of a report, with its range, flag and history. */
export interface ResultValue {
  id: string;
  name: string;
  /** LOINC code; null when the lab sent none (then there is no trend). */
  loinc: string | null;
  /** As the lab reported it: "4.1", "Positive", "128/82". */
  value: string;
  /** The number, when the value is one (the chart's last point). */
  numeric: number | null;
  unit: string | null;
  /** The normal reference range; `text` as shown ("3.5–5.1", "< 200", or the lab's own text). */
  range: { low: number | null; high: number | null; text: string } | null;
  severity: ResultSeverity;
  /** The lab's interpretation code as sent ("H", "LL", "N"); null when it sent none. */
  flag: string | null;
  /** Earlier values of the same test in the same unit, oldest first (at most six), and the words. */
  trend: {
    previous: TrendPoint[];
    direction: 'first' | 'rising' | 'falling' | 'stable';
    /** "normal, stable", "abnormal, rising", "critical, first result". */
    summary: string;
  };
}

/** One documented reason a result may be held (45 CFR part 171), for the hold dialog. */
export interface HoldReasonOption {
  code: string;
  label: string;
  /** "45 CFR 171.201". */
  rule: string;
  /** What the note must say for this reason. */
  note: string;
  /** The review date is at most this many days away. */
  maxDays: number;
}

/** A result-release item's report, ready for the provider's decision. Times are epoch ms. */
export interface ResultReview {
  reportId: string;
  name: string;
  /** "Laboratory", "Radiology"; null when the report says neither. */
  category: string | null;
  status: string;
  collectedAt: number | null;
  issuedAt: number | null;
  /** Who ordered it (the report's performer or the order's requester), when known. */
  orderedBy: string | null;
  /** The report's narrative conclusion (radiology); null for a panel of values. */
  conclusion: string | null;
  /** The worst of its values. */
  severity: ResultSeverity;
  /** The report at a glance: the worst value's trend words ("normal, stable"). */
  summary: string;
  values: ResultValue[];
  /** The patient cannot see it yet (the NOPAT label is on). */
  held: boolean;
  /** The current hold, when the provider held it: reason, note, the review date (YYYY-MM-DD). */
  hold: { reason: string; reasonLabel: string; note: string; reviewOn: string } | null;
  /** The reasons the hold dialog offers; `today` is the clinic's date the review date must be after. */
  holdReasons: HoldReasonOption[];
  today: string;
  /** When the clinic's auto-release policy would release it to the patient; null when none applies. */
  autoReleaseAt: number | null;
  /** Critical: deciding it also asks the nursing pool to call the patient (once per report). */
  callPatient: 'will-ask' | 'asked' | null;
  /** The desk user may release and hold (holds the PCM role). */
  canRelease: boolean;
}

/** What batch release did with each item asked for. */
export interface BatchRelease {
  released: { id: string; actionId: number }[];
  /** Not released, with the reason ("abnormal: Potassium 5.9 mmol/L", "already decided"). */
  skipped: { id: string; reason: string }[];
}
