import type { Measures } from './measures-schema';
import type { Tokens } from './tokenize';

/**
 * Numbers a patient reports, read with the words around them: "sugar is 42", "101.2 F in my
 * 5 week old", "bp 210/124", "sats 86". Each becomes a mention of a concept with the tier its
 * threshold gives, or an infant's age (a modifier). Only numbers with a word that says what they
 * measure count, so "I have 3 pills left" is no temperature.
 */
export interface MeasuredMention {
  concept: string;
  /** `none`: a fever under the thresholds, which only its modifiers (an infant, a stiff neck) make urgent. */
  tier: 'emergency' | 'possible' | 'none';
  start: number;
  end: number;
  /** What was read, for the reasons: "temperature 101.2 °F". */
  reading: string;
}

export interface MeasuredAge {
  modifier: string;
  start: number;
  end: number;
  reading: string;
}

const NUMBER = /^\d{1,4}(\.\d{1,2})?$/;
const DIGIT_OR_METER = /^(\d|hi$|lo$)/;
const SUGAR = new Set([
  'sugar',
  'sugars',
  'glucose',
  'bg',
  'bs',
  'cbg',
  'glucometer',
  'meter',
  'dexcom',
  'libre',
  'cgm',
]);
const SUGAR_UNIT = new Set(['mgdl', 'dl']);
const OTHER_LABS = new Set([
  'cholesterol',
  'triglycerides',
  'triglyceride',
  'ldl',
  'hdl',
  'lipid',
  'lipids',
  'a1c',
  'creatinine',
  'potassium',
  'sodium',
  'calcium',
  'vitamin',
  'iron',
  'ferritin',
  'tsh',
  'psa',
  'platelets',
]);
const TEMP = new Set([
  'fever',
  'temp',
  'temps',
  'temperature',
  'thermometer',
  'febrile',
  'spiked',
  'spiking',
  'rectal',
  'rectally',
  'axillary',
  'oral',
  'forehead',
  'running',
  'warm',
  'hot',
  'bottom',
  'butt',
  'armpit',
  'underarm',
  'ear',
]);
const TEMP_UNIT_F = new Set(['f', 'fahrenheit', 'degrees', 'degree', 'deg']);
const TEMP_UNIT_C = new Set(['c', 'celsius', 'centigrade']);
const BP = new Set(['bp', 'pressure', 'pressures', 'systolic', 'b']);
const OXYGEN = new Set([
  'oxygen',
  'o2',
  'ox',
  'oximeter',
  'sat',
  'sats',
  'saturation',
  'saturating',
  'spo2',
  'pulseox',
]);
const HEART = new Set(['pulse', 'hr', 'bpm', 'heartrate', 'rate', 'beats']);
const AGE_UNIT: Record<string, number> = {
  day: 1,
  days: 1,
  d: 1,
  week: 7,
  weeks: 7,
  wk: 7,
  wks: 7,
  w: 7,
  month: 30,
  months: 30,
  mo: 30,
  mos: 30,
  m: 30,
};
const TOOK = new Set(['took', 'swallowed', 'popped', 'downed', 'ate', 'taken', 'chewed', 'swallow']);
const PILLS = new Set(['pills', 'pill', 'tablets', 'tablet', 'tabs', 'capsules', 'caps', 'of', 'gummies', 'doses']);
/** After "took <number>", words that say the number is not a count of pills ("took 12 hours"). */
const NOT_PILLS = new Set([
  'hours',
  'hrs',
  'hour',
  'minutes',
  'mins',
  'min',
  'days',
  'day',
  'weeks',
  'months',
  'years',
  'mg',
  'ml',
  'mcg',
  'units',
  'times',
  'steps',
  'lbs',
  'pounds',
  'miles',
  'seconds',
  'am',
  'pm',
]);
const DOSE = new Set([
  'mg',
  'mcg',
  'ml',
  'units',
  'unit',
  'iu',
  'g',
  'grams',
  'tabs',
  'tablets',
  'pills',
  'caps',
  'lbs',
  'pounds',
  'kg',
  'times',
  'minutes',
  'hours',
  'days',
  'weeks',
  'months',
  'years',
  'oz',
  'percent',
]);
const PREGNANT_AFTER = new Set(['pregnant', 'along', 'with', 'today', 'gestation', 'preg']);
const PREGNANT_BEFORE = new Set(['am', 'im', 'is', 'at', 'now', 'currently']);
const AGE_AFTER = new Set(['old', 'baby', 'infant', 'son', 'daughter', 'newborn', 'boy', 'girl']);

export function findMeasures(tokens: Tokens, measures: Measures): { mentions: MeasuredMention[]; ages: MeasuredAge[] } {
  const { words, sentence } = tokens;
  const mentions: MeasuredMention[] = [];
  const ages: MeasuredAge[] = [];
  const near = (i: number, set: ReadonlySet<string>, before: number, after: number): boolean => {
    for (let j = Math.max(0, i - before); j <= Math.min(words.length - 1, i + after); j++) {
      if (j !== i && sentence[j] === sentence[i] && set.has(words[j] as string)) return true;
    }
    return false;
  };
  const at = (i: number) => words[i] ?? '';
  if (!words.some((w) => DIGIT_OR_METER.test(w))) return { mentions, ages };
  for (let i = 0; i < words.length; i++) {
    const word = at(i);
    if (word === 'hi' || word === 'lo' || word === 'high' || word === 'low') {
      // A meter that reads "HI" or "LO" is past what it can measure.
      const reads = ['says', 'reads', 'reading', 'shows', 'showing', 'just'].includes(at(i - 1));
      if (reads && near(i, SUGAR, 5, 0) && (word === 'hi' || word === 'lo')) {
        mentions.push({
          concept: measures.bloodSugar.concept,
          tier: 'emergency',
          start: i,
          end: i + 1,
          reading: `blood sugar meter reads "${word.toUpperCase()}"`,
        });
      }
      continue;
    }
    if (!NUMBER.test(word)) continue;
    const value = Number(word);
    const next = at(i + 1);
    // Blood pressure first: two numbers in a row ("210/124", "210 over 124").
    const diastolicAt = next === 'over' ? i + 2 : i + 1;
    const second = at(diastolicAt);
    if (
      NUMBER.test(second) &&
      sentence[diastolicAt] === sentence[i] &&
      value >= 70 &&
      value <= 300 &&
      Number(second) >= 30 &&
      Number(second) < value &&
      (near(i, BP, 5, 0) || next !== 'over')
    ) {
      const diastolic = Number(second);
      const { bloodPressure } = measures;
      const high =
        value >= bloodPressure.possibleSystolicAtOrAbove || diastolic >= bloodPressure.possibleDiastolicAtOrAbove;
      const { pregnancy } = bloodPressure;
      const severe = value >= pregnancy.severeSystolicAtOrAbove || diastolic >= pregnancy.severeDiastolicAtOrAbove;
      const raised = value >= pregnancy.systolicAtOrAbove || diastolic >= pregnancy.diastolicAtOrAbove;
      const reading = `blood pressure ${value}/${diastolic}`;
      const span = { start: i, end: diastolicAt + 1, reading };
      if (high) mentions.push({ concept: bloodPressure.concept, tier: 'possible', ...span });
      if (value < bloodPressure.lowSystolicBelow)
        mentions.push({ concept: bloodPressure.lowConcept, tier: 'possible', ...span });
      // Only a pregnancy (a modifier of these concepts) makes the lower readings count.
      if (severe) mentions.push({ concept: pregnancy.severeConcept, tier: 'none', ...span });
      else if (raised) mentions.push({ concept: pregnancy.concept, tier: 'none', ...span });
      i = diastolicAt;
      continue;
    }
    // Weeks of pregnancy: "I'm 32 wks", "36w3d", "at 30 weeks", "28 weeks along".
    const gestation =
      value >= 4 &&
      value <= 42 &&
      (/^w\d/.test(next) ||
        (['weeks', 'wks', 'wk', 'week'].includes(next) &&
          (PREGNANT_AFTER.has(at(i + 2)) || PREGNANT_BEFORE.has(at(i - 1)) || sentence[i - 1] !== sentence[i])));
    if (gestation && at(i + 2) !== 'old') {
      ages.push({ modifier: measures.gestation.modifier, start: i, end: i + 2, reading: `${value} ${next}` });
      continue;
    }
    const ageUnit = AGE_UNIT[next];
    if (ageUnit !== undefined && (AGE_AFTER.has(at(i + 2)) || (at(i + 2) === 'and' && AGE_AFTER.has(at(i + 4))))) {
      const days = value * ageUnit;
      if (days < measures.infantAge.underDays && at(i + 2) !== 'pregnant') {
        ages.push({ modifier: measures.infantAge.modifier, start: i, end: i + 3, reading: `${value} ${next} old` });
      }
      continue;
    }
    if ((TOOK.has(at(i - 1)) || TOOK.has(at(i - 2))) && Number.isInteger(value) && !NOT_PILLS.has(next)) {
      const p = measures.pillCount;
      const counted = PILLS.has(next) || PILLS.has(at(i + 2)) || value >= p.emergencyAtOrAbove;
      const tier = value >= p.emergencyAtOrAbove ? 'emergency' : value >= p.possibleAtOrAbove ? 'possible' : null;
      if (counted && tier !== null) {
        mentions.push({ concept: p.concept, tier, start: i, end: i + 1, reading: `${value} pills taken at once` });
        continue;
      }
    }
    // A dose or a count, not a reading: "metformin 500 mg", "20 units".
    if (DOSE.has(next) && !SUGAR_UNIT.has(at(i + 2))) continue;
    // mg/dL alone is any lab (cholesterol, triglycerides): only a word for sugar makes it one.
    if (near(i, SUGAR, 5, 1) && !near(i, OTHER_LABS, 5, 1)) {
      if (value < 10 || value > 1500 || /\./.test(word)) continue;
      const sugar = measures.bloodSugar;
      const tier =
        value <= sugar.emergencyAtOrBelow || value >= sugar.emergencyAtOrAbove
          ? 'emergency'
          : value < sugar.possibleBelow || value >= sugar.possibleAtOrAbove
            ? 'possible'
            : null;
      if (tier !== null) {
        mentions.push({ concept: sugar.concept, tier, start: i, end: i + 1, reading: `blood sugar ${value} mg/dL` });
      }
      continue;
    }
    const celsius = TEMP_UNIT_C.has(next) || (value >= 35 && value <= 43.5 && near(i, TEMP, 4, 1));
    const fahrenheit = value >= 95 && value <= 110 && (TEMP_UNIT_F.has(next) || near(i, TEMP, 4, 1));
    if (celsius || fahrenheit) {
      if (!fahrenheit && (value < 35 || value > 43.5)) continue;
      const f = fahrenheit ? value : (value * 9) / 5 + 32;
      const t = measures.temperature;
      if (f < t.feverAtOrAbove) continue;
      const tier = f >= t.emergencyAtOrAbove ? 'emergency' : f >= t.possibleAtOrAbove ? 'possible' : 'none';
      const shown = fahrenheit ? `${value} °F` : `${value} °C (${f.toFixed(1)} °F)`;
      for (const concept of [t.concept, t.infantConcept]) {
        mentions.push({ concept, tier, start: i, end: i + 1, reading: `temperature ${shown}` });
      }
      continue;
    }
    if (near(i, OXYGEN, 7, 0) && value >= 50 && value <= 100) {
      const o = measures.oxygen;
      const tier = value < o.emergencyBelow ? 'emergency' : value < o.possibleBelow ? 'possible' : null;
      if (tier !== null) mentions.push({ concept: o.concept, tier, start: i, end: i + 1, reading: `oxygen ${value}%` });
      continue;
    }
    if ((near(i, HEART, 3, 0) || next === 'bpm') && value >= 20 && value <= 300) {
      const h = measures.heartRate;
      if (value > h.possibleAbove || value < h.possibleBelow) {
        mentions.push({ concept: h.concept, tier: 'possible', start: i, end: i + 1, reading: `heart rate ${value}` });
      }
    }
  }
  return { mentions, ages };
}
