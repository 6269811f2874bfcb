/**
 * What the demo clinic prescribes. RxNorm codes are given only where they were checked (the first
 * demo's list, and codes several independent sources agree on); the rest go by name alone, as a
 * free-text order may, rather than carry a plausible but wrong code.
 */
export interface MedicationTemplate {
  key: string;
  /** As the portal shows it. */
  name: string;
  /** As a patient writes it. */
  short: string;
  rxnorm?: string;
  dosage: string;
  quantity: number;
  unit: string;
  supplyDays: number;
  /** Youngest patient the demo prescribes it for: no statins for a four-year-old. */
  minAge: number;
  maxAge?: number;
  sex?: 'female' | 'male';
  /** Schedule II: no refills by law, so every fill is a renewal. */
  controlled?: boolean;
  /** A course, not a maintenance drug: written once, no refills. */
  acute?: boolean;
  /** An allergy class that rules it out. */
  avoidIf?: AllergyClass;
  /** What patients write in about. */
  sideEffects: readonly string[];
  /** Antidepressants and the like: the red-flag templates about self-harm lean on these. */
  psychiatric?: boolean;
}

export type AllergyClass = 'penicillin' | 'nsaid' | 'sulfa' | 'opioid' | 'food' | 'environment';

const TABLETS_90 = { quantity: 90, unit: 'tablet', supplyDays: 90 } as const;

export const FORMULARY: readonly MedicationTemplate[] = [
  {
    key: 'lisinopril-10',
    name: 'Lisinopril 10 mg tablet',
    short: 'lisinopril',
    rxnorm: '314076',
    dosage: 'Take 1 tablet by mouth once daily',
    ...TABLETS_90,
    minAge: 18,
    sideEffects: ['a dry cough', 'dizziness when I stand up', 'a tickle in my throat that will not go away'],
  },
  {
    key: 'lisinopril-20',
    name: 'Lisinopril 20 mg tablet',
    short: 'lisinopril',
    rxnorm: '314077',
    dosage: 'Take 1 tablet by mouth once daily',
    ...TABLETS_90,
    minAge: 18,
    sideEffects: ['a dry cough', 'lightheadedness in the afternoon'],
  },
  {
    key: 'amlodipine-5',
    name: 'Amlodipine 5 mg tablet',
    short: 'amlodipine',
    rxnorm: '197361',
    dosage: 'Take 1 tablet by mouth once daily',
    ...TABLETS_90,
    minAge: 18,
    sideEffects: ['swollen ankles', 'flushing', 'headaches'],
  },
  {
    key: 'hctz-25',
    name: 'Hydrochlorothiazide 25 mg tablet',
    short: 'HCTZ',
    rxnorm: '310798',
    dosage: 'Take 1 tablet by mouth every morning',
    ...TABLETS_90,
    minAge: 18,
    sideEffects: ['going to the bathroom constantly', 'leg cramps at night', 'dizziness'],
  },
  {
    key: 'losartan-50',
    name: 'Losartan 50 mg tablet',
    short: 'losartan',
    rxnorm: '979492',
    dosage: 'Take 1 tablet by mouth once daily',
    ...TABLETS_90,
    minAge: 18,
    sideEffects: ['dizziness', 'feeling tired all the time'],
  },
  {
    key: 'metformin-500',
    name: 'Metformin 500 mg tablet',
    short: 'metformin',
    rxnorm: '861007',
    dosage: 'Take 1 tablet by mouth twice daily with meals',
    quantity: 180,
    unit: 'tablet',
    supplyDays: 90,
    minAge: 18,
    sideEffects: ['an upset stomach', 'diarrhea', 'a metallic taste'],
  },
  {
    key: 'glipizide-5',
    name: 'Glipizide 5 mg tablet',
    short: 'glipizide',
    rxnorm: '310490',
    dosage: 'Take 1 tablet by mouth once daily before breakfast',
    ...TABLETS_90,
    minAge: 18,
    sideEffects: ['shakiness when I skip a meal', 'low sugars in the afternoon'],
  },
  {
    key: 'atorvastatin-20',
    name: 'Atorvastatin 20 mg tablet',
    short: 'atorvastatin',
    rxnorm: '617310',
    dosage: 'Take 1 tablet by mouth at bedtime',
    ...TABLETS_90,
    minAge: 18,
    sideEffects: ['muscle aches in my legs', 'leg cramps at night'],
  },
  {
    key: 'rosuvastatin-10',
    name: 'Rosuvastatin 10 mg tablet',
    short: 'rosuvastatin',
    dosage: 'Take 1 tablet by mouth once daily',
    ...TABLETS_90,
    minAge: 18,
    sideEffects: ['muscle aches', 'headaches'],
  },
  {
    key: 'albuterol-hfa',
    name: 'Albuterol HFA 90 mcg inhaler',
    short: 'albuterol inhaler',
    rxnorm: '745679',
    dosage: 'Inhale 2 puffs every 4 to 6 hours as needed for wheezing',
    quantity: 2,
    unit: 'inhaler',
    supplyDays: 90,
    minAge: 2,
    sideEffects: ['feeling jittery', 'a racing heartbeat after using it'],
  },
  {
    key: 'fluticasone-hfa',
    name: 'Fluticasone HFA 110 mcg inhaler',
    short: 'Flovent',
    dosage: 'Inhale 2 puffs twice daily; rinse mouth after each use',
    quantity: 1,
    unit: 'inhaler',
    supplyDays: 30,
    minAge: 12,
    sideEffects: ['a hoarse voice', 'a sore throat', 'white patches in my mouth'],
  },
  {
    key: 'montelukast-10',
    name: 'Montelukast 10 mg tablet',
    short: 'montelukast',
    rxnorm: '200224',
    dosage: 'Take 1 tablet by mouth at bedtime',
    ...TABLETS_90,
    minAge: 15,
    sideEffects: ['bad dreams', 'trouble sleeping', 'mood swings'],
  },
  {
    key: 'montelukast-5-chew',
    name: 'Montelukast 5 mg chewable tablet',
    short: 'Singulair chewable',
    dosage: 'Chew 1 tablet by mouth at bedtime',
    quantity: 30,
    unit: 'tablet',
    supplyDays: 30,
    minAge: 6,
    maxAge: 14,
    sideEffects: ['bad dreams', 'being more irritable'],
  },
  {
    key: 'montelukast-4-chew',
    name: 'Montelukast 4 mg chewable tablet',
    short: 'Singulair chewable',
    dosage: 'Chew 1 tablet by mouth at bedtime',
    quantity: 30,
    unit: 'tablet',
    supplyDays: 30,
    minAge: 2,
    maxAge: 5,
    sideEffects: ['bad dreams', 'trouble sleeping'],
  },
  {
    key: 'levothyroxine-50',
    name: 'Levothyroxine 50 mcg tablet',
    short: 'levothyroxine',
    rxnorm: '966222',
    dosage: 'Take 1 tablet by mouth every morning on an empty stomach',
    ...TABLETS_90,
    minAge: 18,
    sideEffects: ['feeling jittery', 'my heart racing', 'still feeling tired'],
  },
  {
    key: 'levothyroxine-75',
    name: 'Levothyroxine 75 mcg tablet',
    short: 'Synthroid',
    dosage: 'Take 1 tablet by mouth every morning on an empty stomach',
    ...TABLETS_90,
    minAge: 18,
    sideEffects: ['hair thinning', 'feeling hot all the time'],
  },
  {
    key: 'sertraline-50',
    name: 'Sertraline 50 mg tablet',
    short: 'sertraline',
    rxnorm: '312940',
    dosage: 'Take 1 tablet by mouth once daily',
    ...TABLETS_90,
    minAge: 18,
    psychiatric: true,
    sideEffects: ['an upset stomach', 'trouble sleeping', 'feeling more anxious the first week', 'a low sex drive'],
  },
  {
    key: 'escitalopram-10',
    name: 'Escitalopram 10 mg tablet',
    short: 'Lexapro',
    dosage: 'Take 1 tablet by mouth once daily',
    ...TABLETS_90,
    minAge: 18,
    psychiatric: true,
    sideEffects: ['nausea', 'feeling tired', 'vivid dreams'],
  },
  {
    key: 'bupropion-xl-150',
    name: 'Bupropion XL 150 mg tablet',
    short: 'Wellbutrin',
    dosage: 'Take 1 tablet by mouth every morning',
    ...TABLETS_90,
    minAge: 18,
    psychiatric: true,
    sideEffects: ['a dry mouth', 'trouble sleeping', 'headaches'],
  },
  {
    key: 'prazosin-1',
    name: 'Prazosin 1 mg capsule',
    short: 'prazosin',
    dosage: 'Take 1 capsule by mouth at bedtime',
    quantity: 90,
    unit: 'capsule',
    supplyDays: 90,
    minAge: 18,
    sideEffects: ['dizziness when I get up at night', 'a stuffy nose'],
  },
  {
    key: 'hydroxyzine-25',
    name: 'Hydroxyzine 25 mg tablet',
    short: 'hydroxyzine',
    dosage: 'Take 1 tablet by mouth up to three times daily as needed for anxiety',
    quantity: 60,
    unit: 'tablet',
    supplyDays: 30,
    minAge: 18,
    psychiatric: true,
    sideEffects: ['drowsiness', 'a dry mouth'],
  },
  {
    key: 'naproxen-500',
    name: 'Naproxen 500 mg tablet',
    short: 'naproxen',
    dosage: 'Take 1 tablet by mouth twice daily with food as needed for pain',
    quantity: 60,
    unit: 'tablet',
    supplyDays: 30,
    minAge: 18,
    avoidIf: 'nsaid',
    sideEffects: ['heartburn', 'an upset stomach'],
  },
  {
    key: 'meloxicam-15',
    name: 'Meloxicam 15 mg tablet',
    short: 'meloxicam',
    dosage: 'Take 1 tablet by mouth once daily with food',
    ...TABLETS_90,
    minAge: 18,
    avoidIf: 'nsaid',
    sideEffects: ['heartburn', 'stomach pain'],
  },
  {
    key: 'cyclobenzaprine-10',
    name: 'Cyclobenzaprine 10 mg tablet',
    short: 'Flexeril',
    dosage: 'Take 1 tablet by mouth at bedtime as needed for muscle spasm',
    quantity: 20,
    unit: 'tablet',
    supplyDays: 20,
    minAge: 18,
    acute: true,
    sideEffects: ['feeling groggy in the morning', 'a dry mouth'],
  },
  {
    key: 'omeprazole-20',
    name: 'Omeprazole 20 mg capsule',
    short: 'omeprazole',
    rxnorm: '198053',
    dosage: 'Take 1 capsule by mouth once daily before breakfast',
    quantity: 90,
    unit: 'capsule',
    supplyDays: 90,
    minAge: 18,
    sideEffects: ['headaches', 'diarrhea'],
  },
  {
    key: 'pantoprazole-40',
    name: 'Pantoprazole 40 mg tablet',
    short: 'pantoprazole',
    dosage: 'Take 1 tablet by mouth once daily before breakfast',
    ...TABLETS_90,
    minAge: 18,
    sideEffects: ['bloating', 'headaches'],
  },
  {
    key: 'famotidine-20',
    name: 'Famotidine 20 mg tablet',
    short: 'famotidine',
    dosage: 'Take 1 tablet by mouth twice daily',
    quantity: 180,
    unit: 'tablet',
    supplyDays: 90,
    minAge: 12,
    sideEffects: ['headaches', 'constipation'],
  },
  {
    key: 'cetirizine-10',
    name: 'Cetirizine 10 mg tablet',
    short: 'Zyrtec',
    rxnorm: '1014676',
    dosage: 'Take 1 tablet by mouth once daily as needed',
    ...TABLETS_90,
    minAge: 12,
    sideEffects: ['drowsiness', 'a dry mouth'],
  },
  {
    key: 'cetirizine-solution',
    name: 'Cetirizine 1 mg/mL oral solution',
    short: 'Zyrtec syrup',
    dosage: 'Give 5 mL by mouth once daily',
    quantity: 150,
    unit: 'mL',
    supplyDays: 30,
    minAge: 2,
    maxAge: 11,
    sideEffects: ['being sleepy at school', 'being cranky'],
  },
  {
    key: 'loratadine-10',
    name: 'Loratadine 10 mg tablet',
    short: 'Claritin',
    dosage: 'Take 1 tablet by mouth once daily',
    ...TABLETS_90,
    minAge: 12,
    sideEffects: ['a headache', 'a dry mouth'],
  },
  {
    key: 'fluticasone-nasal',
    name: 'Fluticasone propionate 50 mcg nasal spray',
    short: 'Flonase',
    dosage: 'Use 1 spray in each nostril once daily',
    quantity: 1,
    unit: 'bottle',
    supplyDays: 30,
    minAge: 4,
    sideEffects: ['nosebleeds', 'a dry nose'],
  },
  {
    key: 'sumatriptan-50',
    name: 'Sumatriptan 50 mg tablet',
    short: 'sumatriptan',
    dosage: 'Take 1 tablet at migraine onset; may repeat once after 2 hours',
    quantity: 9,
    unit: 'tablet',
    supplyDays: 30,
    minAge: 18,
    sideEffects: ['tingling in my hands', 'feeling flushed'],
  },
  {
    key: 'methylphenidate-er-18',
    name: 'Methylphenidate ER 18 mg tablet',
    short: 'Concerta',
    dosage: 'Take 1 tablet by mouth every morning',
    quantity: 30,
    unit: 'tablet',
    supplyDays: 30,
    minAge: 6,
    maxAge: 17,
    controlled: true,
    sideEffects: ['a poor appetite at lunch', 'trouble falling asleep', 'stomach aches'],
  },
  {
    key: 'hydrocortisone-cream',
    name: 'Hydrocortisone 2.5% cream',
    short: 'hydrocortisone cream',
    dosage: 'Apply a thin layer to affected skin twice daily',
    quantity: 30,
    unit: 'g',
    supplyDays: 30,
    minAge: 0,
    sideEffects: ['stinging when I put it on'],
  },
  {
    key: 'triamcinolone-cream',
    name: 'Triamcinolone 0.1% cream',
    short: 'triamcinolone cream',
    dosage: 'Apply a thin layer to affected skin twice daily for up to 2 weeks',
    quantity: 80,
    unit: 'g',
    supplyDays: 30,
    minAge: 2,
    sideEffects: ['burning where I put it on', 'the skin looking thinner'],
  },
  {
    key: 'apixaban-5',
    name: 'Apixaban 5 mg tablet',
    short: 'Eliquis',
    dosage: 'Take 1 tablet by mouth twice daily',
    quantity: 180,
    unit: 'tablet',
    supplyDays: 90,
    minAge: 50,
    sideEffects: ['easy bruising', 'bleeding gums when I brush'],
  },
  {
    key: 'warfarin-5',
    name: 'Warfarin 5 mg tablet',
    short: 'warfarin',
    dosage: 'Take 1 tablet by mouth daily in the evening, or as directed by the anticoagulation clinic',
    ...TABLETS_90,
    minAge: 50,
    sideEffects: ['bruising on my arms', 'nosebleeds'],
  },
  {
    key: 'metoprolol-er-25',
    name: 'Metoprolol succinate ER 25 mg tablet',
    short: 'metoprolol',
    dosage: 'Take 1 tablet by mouth once daily',
    ...TABLETS_90,
    minAge: 40,
    sideEffects: ['feeling tired', 'cold hands'],
  },
  {
    key: 'tamsulosin-0.4',
    name: 'Tamsulosin 0.4 mg capsule',
    short: 'Flomax',
    dosage: 'Take 1 capsule by mouth 30 minutes after the same meal each day',
    quantity: 90,
    unit: 'capsule',
    supplyDays: 90,
    minAge: 45,
    sex: 'male',
    sideEffects: ['dizziness when I stand up', 'a stuffy nose'],
  },
  {
    key: 'oral-contraceptive',
    name: 'Norgestimate-ethinyl estradiol 0.25 mg-35 mcg tablet (28-day pack)',
    short: 'birth control pills',
    dosage: 'Take 1 tablet by mouth daily',
    quantity: 3,
    unit: 'pack',
    supplyDays: 84,
    minAge: 15,
    maxAge: 50,
    sex: 'female',
    sideEffects: ['spotting between periods', 'nausea', 'breast tenderness'],
  },
  {
    key: 'amoxicillin-suspension',
    name: 'Amoxicillin 400 mg/5 mL oral suspension',
    short: 'amoxicillin',
    dosage: 'Give 6 mL by mouth twice daily for 10 days',
    quantity: 120,
    unit: 'mL',
    supplyDays: 10,
    minAge: 1,
    maxAge: 11,
    acute: true,
    avoidIf: 'penicillin',
    sideEffects: ['diarrhea', 'a rash on the belly'],
  },
  {
    key: 'ibuprofen-800',
    name: 'Ibuprofen 800 mg tablet',
    short: 'Motrin 800',
    dosage: 'Take 1 tablet by mouth every 8 hours as needed with food',
    quantity: 30,
    unit: 'tablet',
    supplyDays: 10,
    minAge: 18,
    acute: true,
    avoidIf: 'nsaid',
    sideEffects: ['heartburn'],
  },
];

const BY_KEY = new Map(FORMULARY.map((m) => [m.key, m]));

export function medicationTemplate(key: string): MedicationTemplate {
  const found = BY_KEY.get(key);
  if (found === undefined) throw new Error(`no medication ${key} in the formulary`);
  return found;
}

export function medicationByName(name: string): MedicationTemplate | undefined {
  return FORMULARY.find((m) => m.name === name);
}

export function suitsPatient(
  m: MedicationTemplate,
  age: number,
  sex: 'female' | 'male',
  allergies: readonly AllergyClass[],
): boolean {
  return (
    m.minAge <= age &&
    (m.maxAge === undefined || age <= m.maxAge) &&
    (m.sex === undefined || m.sex === sex) &&
    (m.avoidIf === undefined || !allergies.includes(m.avoidIf))
  );
}

/** Over-the-counter products patients ask about taking alongside their prescriptions, and why. */
export const OTC_PRODUCTS: readonly { name: string; why: string }[] = [
  { name: 'ibuprofen', why: 'My back is sore.' },
  { name: 'Tylenol', why: 'I have a headache.' },
  { name: 'Benadryl', why: 'My allergies are acting up.' },
  { name: 'Sudafed', why: 'I have a cold.' },
  { name: 'melatonin', why: 'I cannot sleep.' },
  { name: 'Mucinex', why: 'I have a cough.' },
  { name: 'NyQuil', why: 'I have a cold.' },
  { name: 'a multivitamin', why: 'I would like to start one.' },
  { name: 'Pepto-Bismol', why: 'My stomach is upset.' },
];
