import type { Encounter, Observation } from '@medplum/fhirtypes';
import { LOINC, OBSERVATION_CATEGORY, UCUM } from '../domain/fhir/codes';
import { DAY } from './clinic-clock';
import { ageAt } from './model';
import type { PatientModel } from './model';
import { idSeed, seededRandom } from './random';
import type { Random } from './random';
import { frozen, ref } from './sink';
import type { Sink } from './sink';

/** How far back visits carry a blood pressure: what a renewal looks at, and a little more. */
const BP_HISTORY = 3 * 365 * DAY;
/** Cuffs are not used on babies and toddlers in a routine visit. */
const BP_MIN_AGE = 3;

// Shared by every reading (see frozen() for why).
const VITAL_SIGNS = frozen([
  { coding: [{ system: OBSERVATION_CATEGORY, code: 'vital-signs', display: 'Vital Signs' }], text: 'Vital Signs' },
]);
const BP_PANEL = frozen({
  coding: [{ system: LOINC, code: '85354-9', display: 'Blood pressure panel with all children optional' }],
  text: 'Blood pressure',
});
const SYSTOLIC = frozen({ coding: [{ system: LOINC, code: '8480-6', display: 'Systolic blood pressure' }] });
const DIASTOLIC = frozen({ coding: [{ system: LOINC, code: '8462-4', display: 'Diastolic blood pressure' }] });
const mmHg = (value: number) => ({ value, unit: 'mmHg', system: UCUM, code: 'mm[Hg]' });

/** Roughly normal with mean 0 and sd 1 (a sum of three uniforms): enough for vital signs. */
const spread = (rnd: Random): number => (rnd.next() + rnd.next() + rnd.next() - 1.5) * 2;

interface Pressure {
  systolic: number;
  diastolic: number;
}

/**
 * Where a patient's pressure sits: rising with age, a little higher in men and with obesity, and
 * clearly higher with hypertension (treated or not, many such readings sit above 140/90).
 */
function usualPressure(p: PatientModel, age: number, rnd: Random): Pressure {
  const has = (key: string) => p.conditions.some((c) => c.template.key === key);
  if (age < 18) return { systolic: 92 + 1.2 * age + 6 * spread(rnd), diastolic: 55 + 0.8 * age + 4 * spread(rnd) };
  const years = Math.min(age, 75) - 20;
  let systolic = 110 + 0.35 * years + (p.gender === 'male' ? 5 : 0) + 8 * spread(rnd);
  let diastolic = 70 + 0.2 * Math.min(years, 40) + 5 * spread(rnd);
  if (has('hypertension')) {
    systolic += 16;
    diastolic += 8;
  }
  if (has('obesity')) {
    systolic += 5;
    diastolic += 3;
  }
  return { systolic, diastolic };
}

const clamp = (value: number, low: number, high: number) => Math.round(Math.min(high, Math.max(low, value)));

/**
 * A blood pressure panel at each finished visit of the last three years, dated at the visit's start.
 * Values come from streams seeded by the patient's and the visit's ids, never the clinic's own
 * stream, so adding them leaves every other resource exactly as it was.
 */
export function addBloodPressures(sink: Sink, patients: readonly PatientModel[], seed: number, now: number): void {
  const byRef = new Map(patients.map((p) => [p.ref.reference, p]));
  const visits = sink.resources.filter(
    (r): r is Encounter => r.resourceType === 'Encounter' && r.status === 'finished',
  );
  for (const visit of visits) {
    const p = byRef.get(visit.subject?.reference);
    const start = Date.parse(visit.period?.start ?? '');
    if (p === undefined || visit.id === undefined || !(start >= now - BP_HISTORY && start <= now)) continue;
    const age = ageAt(p, start);
    if (age < BP_MIN_AGE) continue;
    const usual = usualPressure(p, age, seededRandom(idSeed(seed, `usual-bp-${p.id}`)));
    const rnd = seededRandom(idSeed(seed, `bp-${visit.id}`));
    const systolic = clamp(usual.systolic + 7 * spread(rnd), 80, 210);
    const diastolic = clamp(Math.min(usual.diastolic + 5 * spread(rnd), systolic - 25), 45, 125);
    const end = Date.parse(visit.period?.end ?? '');
    sink.add<Observation>(
      {
        resourceType: 'Observation',
        id: `bp-${visit.id}`,
        status: 'final',
        category: VITAL_SIGNS,
        code: BP_PANEL,
        subject: p.ref,
        encounter: ref('Encounter', visit.id),
        effectiveDateTime: visit.period?.start,
        component: [
          { code: SYSTOLIC, valueQuantity: mmHg(systolic) },
          { code: DIASTOLIC, valueQuantity: mmHg(diastolic) },
        ],
      },
      Number.isNaN(end) ? start : Math.min(end, now),
    );
  }
}
