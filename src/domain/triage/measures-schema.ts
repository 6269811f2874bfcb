import { z } from 'zod';

const concept = z.string().regex(/^[a-z][a-z0-9-]*$/);
const value = z.number().min(0).max(1000);

/**
 * Thresholds for the numbers patients report, after the published triage dispositions: a blood
 * sugar that needs help now, a fever in an infant under three months (100.4 °F), a blood pressure
 * in the hypertensive-crisis range, a low oxygen saturation. Each measure counts as a mention of a
 * concept in `emergencies` (by id), so that concept's modifiers still apply to it.
 */
export const measuresSchema = z.strictObject({
  bloodSugar: z.strictObject({
    concept,
    /** mg/dL. At or below: emergency; below `possibleBelow`: possible. */
    emergencyAtOrBelow: value,
    possibleBelow: value,
    /** mg/dL. At or above: possible, then emergency. */
    possibleAtOrAbove: z.number().min(0).max(2000),
    emergencyAtOrAbove: z.number().min(0).max(2000),
  }),
  temperature: z.strictObject({
    /** A reported fever counts as a mention of these concepts (modifiers such as an infant's age raise them). */
    concept,
    infantConcept: concept,
    /** °F; Celsius readings are converted. */
    feverAtOrAbove: value,
    possibleAtOrAbove: value,
    emergencyAtOrAbove: value,
  }),
  infantAge: z.strictObject({
    /** The modifier an age in days, weeks or months under `underDays` sets ("my 6 week old"). */
    modifier: concept,
    underDays: z.number().int().min(1).max(365),
  }),
  /** Weeks of pregnancy written as a number ("32 wks", "36w3d") set this modifier. */
  gestation: z.strictObject({ modifier: concept }),
  bloodPressure: z.strictObject({
    concept,
    possibleSystolicAtOrAbove: value,
    possibleDiastolicAtOrAbove: value,
    /** A systolic under this is low: a possible emergency, an emergency with fainting or chest pain. */
    lowConcept: concept,
    lowSystolicBelow: value,
    /** Lower readings that matter in pregnancy and after birth (ACOG: 140/90, severe 160/110). */
    pregnancy: z.strictObject({
      concept,
      systolicAtOrAbove: value,
      diastolicAtOrAbove: value,
      severeConcept: concept,
      severeSystolicAtOrAbove: value,
      severeDiastolicAtOrAbove: value,
    }),
  }),
  oxygen: z.strictObject({ concept, emergencyBelow: value, possibleBelow: value }),
  heartRate: z.strictObject({ concept, possibleAbove: value, possibleBelow: value }),
  /** "took 30 of my sertraline": a count of pills taken at once. */
  pillCount: z.strictObject({ concept, possibleAtOrAbove: value, emergencyAtOrAbove: value }),
});

export type Measures = z.infer<typeof measuresSchema>;

export const DEFAULT_MEASURES: Measures = {
  bloodSugar: {
    concept: 'blood-sugar',
    emergencyAtOrBelow: 50,
    possibleBelow: 70,
    possibleAtOrAbove: 300,
    emergencyAtOrAbove: 500,
  },
  temperature: {
    concept: 'fever',
    infantConcept: 'infant-fever',
    feverAtOrAbove: 100.4,
    possibleAtOrAbove: 104,
    emergencyAtOrAbove: 105,
  },
  infantAge: { modifier: 'young-infant', underDays: 90 },
  gestation: { modifier: 'pregnant' },
  bloodPressure: {
    concept: 'blood-pressure-high',
    possibleSystolicAtOrAbove: 180,
    possibleDiastolicAtOrAbove: 120,
    lowConcept: 'blood-pressure-low',
    lowSystolicBelow: 90,
    pregnancy: {
      concept: 'blood-pressure-pregnancy',
      systolicAtOrAbove: 140,
      diastolicAtOrAbove: 90,
      severeConcept: 'blood-pressure-pregnancy-severe',
      severeSystolicAtOrAbove: 160,
      severeDiastolicAtOrAbove: 110,
    },
  },
  oxygen: { concept: 'low-oxygen', emergencyBelow: 90, possibleBelow: 93 },
  heartRate: { concept: 'heart-rate', possibleAbove: 150, possibleBelow: 40 },
  pillCount: { concept: 'overdose', possibleAtOrAbove: 5, emergencyAtOrAbove: 10 },
};
