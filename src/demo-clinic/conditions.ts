import type { BeneficiaryCategory } from '../shared/work-item';

/**
 * The problem list a primary care clinic sees, with rough prevalence by age and sex and the
 * regimens prescribed for each. Every maintenance prescription hangs off one of these, so a
 * patient's medication list always matches their problems.
 */
export interface ConditionTemplate {
  key: string;
  text: string;
  snomed?: string;
  icd10: string;
  /** How patients name it in messages. */
  plain: string;
  prevalence(age: number, sex: 'female' | 'male', category: BeneficiaryCategory): number;
  /** Alternative regimens (formulary keys); an empty regimen is a problem managed without drugs. */
  regimens: readonly (readonly string[])[];
}

const byAge = (age: number, bands: readonly (readonly [number, number])[]): number => {
  let p = 0;
  for (const [from, value] of bands) if (age >= from) p = value;
  return p;
};

export const CONDITIONS: readonly ConditionTemplate[] = [
  {
    key: 'hypertension',
    text: 'Essential hypertension',
    snomed: '59621000',
    icd10: 'I10',
    plain: 'blood pressure',
    prevalence: (age) =>
      byAge(age, [
        [25, 0.06],
        [40, 0.28],
        [60, 0.5],
      ]),
    regimens: [
      ['lisinopril-10'],
      ['lisinopril-20'],
      ['amlodipine-5'],
      ['losartan-50'],
      ['lisinopril-10', 'hctz-25'],
      ['amlodipine-5', 'losartan-50'],
    ],
  },
  {
    key: 'type-2-diabetes',
    text: 'Type 2 diabetes mellitus without complications',
    snomed: '44054006',
    icd10: 'E11.9',
    plain: 'diabetes',
    prevalence: (age) =>
      byAge(age, [
        [30, 0.03],
        [45, 0.1],
        [60, 0.2],
      ]),
    regimens: [['metformin-500'], ['metformin-500'], ['metformin-500', 'glipizide-5']],
  },
  {
    key: 'hyperlipidemia',
    text: 'Hyperlipidemia',
    snomed: '55822004',
    icd10: 'E78.5',
    plain: 'cholesterol',
    prevalence: (age) =>
      byAge(age, [
        [30, 0.05],
        [40, 0.22],
        [60, 0.42],
      ]),
    regimens: [['atorvastatin-20'], ['atorvastatin-20'], ['rosuvastatin-10'], []],
  },
  {
    key: 'asthma',
    text: 'Asthma',
    snomed: '195967001',
    icd10: 'J45.909',
    plain: 'asthma',
    prevalence: (age) => (age >= 2 ? 0.08 : 0),
    regimens: [
      ['albuterol-hfa'],
      ['albuterol-hfa', 'fluticasone-hfa'],
      ['albuterol-hfa', 'montelukast-10'],
      ['albuterol-hfa', 'montelukast-5-chew'],
      ['albuterol-hfa', 'montelukast-4-chew'],
    ],
  },
  {
    key: 'hypothyroidism',
    text: 'Hypothyroidism',
    snomed: '40930008',
    icd10: 'E03.9',
    plain: 'thyroid',
    prevalence: (age, sex) => (age < 18 ? 0 : sex === 'female' ? (age >= 40 ? 0.1 : 0.04) : 0.015),
    regimens: [['levothyroxine-50'], ['levothyroxine-75']],
  },
  {
    key: 'depression',
    text: 'Depression',
    snomed: '35489007',
    icd10: 'F32.A',
    plain: 'depression',
    prevalence: (age) => (age >= 18 ? 0.09 : 0),
    regimens: [['sertraline-50'], ['escitalopram-10'], ['bupropion-xl-150']],
  },
  {
    key: 'anxiety',
    text: 'Generalized anxiety disorder',
    snomed: '21897009',
    icd10: 'F41.1',
    plain: 'anxiety',
    prevalence: (age) => (age >= 18 ? 0.06 : 0),
    regimens: [['sertraline-50'], ['escitalopram-10'], ['hydroxyzine-25']],
  },
  {
    key: 'ptsd',
    text: 'Post-traumatic stress disorder',
    snomed: '47505003',
    icd10: 'F43.10',
    plain: 'PTSD',
    prevalence: (age, _sex, category) => (age >= 20 && (category === 'ADSM' || category === 'RET') ? 0.06 : 0),
    regimens: [['sertraline-50', 'prazosin-1'], ['sertraline-50']],
  },
  {
    key: 'low-back-pain',
    text: 'Low back pain',
    snomed: '279039007',
    icd10: 'M54.50',
    plain: 'back',
    prevalence: (age, _sex, category) => (age < 18 ? 0 : category === 'ADSM' ? 0.2 : 0.12),
    regimens: [['naproxen-500'], ['meloxicam-15'], []],
  },
  {
    key: 'gerd',
    text: 'Gastroesophageal reflux disease',
    snomed: '235595009',
    icd10: 'K21.9',
    plain: 'reflux',
    prevalence: (age) => (age >= 18 ? 0.08 : 0),
    regimens: [['omeprazole-20'], ['pantoprazole-40'], ['famotidine-20']],
  },
  {
    key: 'allergic-rhinitis',
    text: 'Allergic rhinitis',
    snomed: '61582004',
    icd10: 'J30.9',
    plain: 'allergies',
    prevalence: (age) => (age >= 2 ? 0.12 : 0),
    regimens: [
      ['cetirizine-10'],
      ['loratadine-10'],
      ['fluticasone-nasal'],
      ['cetirizine-10', 'fluticasone-nasal'],
      ['cetirizine-solution'],
    ],
  },
  {
    key: 'migraine',
    text: 'Migraine',
    snomed: '37796009',
    icd10: 'G43.909',
    plain: 'migraines',
    prevalence: (age, sex) => (age < 18 ? 0 : sex === 'female' ? 0.1 : 0.04),
    regimens: [['sumatriptan-50']],
  },
  {
    key: 'adhd',
    text: 'Attention deficit hyperactivity disorder',
    snomed: '406506008',
    icd10: 'F90.9',
    plain: 'ADHD',
    prevalence: (age, sex) => (age >= 6 && age <= 17 ? (sex === 'male' ? 0.12 : 0.06) : 0),
    regimens: [['methylphenidate-er-18']],
  },
  {
    key: 'atopic-dermatitis',
    text: 'Atopic dermatitis',
    snomed: '24079001',
    icd10: 'L20.9',
    plain: 'eczema',
    prevalence: (age) => (age < 18 ? 0.1 : 0.03),
    regimens: [['hydrocortisone-cream'], ['triamcinolone-cream']],
  },
  {
    key: 'atrial-fibrillation',
    text: 'Atrial fibrillation',
    snomed: '49436004',
    icd10: 'I48.91',
    plain: 'AFib',
    prevalence: (age) =>
      byAge(age, [
        [60, 0.06],
        [75, 0.12],
      ]),
    regimens: [
      ['apixaban-5', 'metoprolol-er-25'],
      ['warfarin-5', 'metoprolol-er-25'],
    ],
  },
  {
    key: 'knee-osteoarthritis',
    text: 'Osteoarthritis of knee',
    snomed: '239873007',
    icd10: 'M17.9',
    plain: 'knee',
    prevalence: (age) =>
      byAge(age, [
        [45, 0.1],
        [60, 0.22],
      ]),
    regimens: [['meloxicam-15'], []],
  },
  {
    key: 'bph',
    text: 'Benign prostatic hyperplasia',
    snomed: '266569009',
    icd10: 'N40.0',
    plain: 'prostate',
    prevalence: (age, sex) =>
      sex === 'male'
        ? byAge(age, [
            [50, 0.12],
            [65, 0.25],
          ])
        : 0,
    regimens: [['tamsulosin-0.4']],
  },
  {
    key: 'contraception',
    text: 'Encounter for surveillance of contraceptive pills',
    icd10: 'Z30.41',
    plain: 'birth control',
    prevalence: (age, sex) => (sex === 'female' && age >= 16 && age <= 45 ? 0.25 : 0),
    regimens: [['oral-contraceptive']],
  },
  {
    key: 'prediabetes',
    text: 'Prediabetes',
    snomed: '714628002',
    icd10: 'R73.03',
    plain: 'prediabetes',
    prevalence: (age) => (age >= 35 ? 0.1 : 0),
    regimens: [[]],
  },
  {
    key: 'obesity',
    text: 'Obesity',
    snomed: '414916001',
    icd10: 'E66.9',
    plain: 'weight',
    prevalence: (age, _sex, category) => (age < 2 ? 0 : age < 18 ? 0.05 : category === 'ADSM' ? 0.05 : 0.18),
    regimens: [[]],
  },
];

const BY_KEY = new Map(CONDITIONS.map((c) => [c.key, c]));

export function conditionTemplate(key: string): ConditionTemplate {
  const found = BY_KEY.get(key);
  if (found === undefined) throw new Error(`no condition ${key}`);
  return found;
}

/** Short illnesses an acute prescription is written for, with no problem-list entry. */
export const ACUTE_REASONS: Readonly<Record<string, readonly string[]>> = {
  'amoxicillin-suspension': ['Acute otitis media', 'Streptococcal pharyngitis'],
  'cyclobenzaprine-10': ['Muscle spasm of back'],
  'ibuprofen-800': ['Sprain of ankle', 'Strain of shoulder', 'Knee pain after a ruck march'],
};
