/**
 * Medication classes for renewal protocols. Matching is data, not code: each class lists its
 * RxNorm codes and name phrases (generic and brand). A phrase matches when all its words appear in
 * the medication's name, and the longest matching phrase wins, so "fluticasone nasal" (a nasal
 * steroid) beats "fluticasone" (an inhaled steroid).
 */
export const MEDICATION_CLASSES = [
  'ace-inhibitor',
  'arb',
  'antihypertensive-other',
  'diabetes',
  'statin',
  'thyroid',
  'antidepressant',
  'anxiolytic-other',
  'alpha-blocker',
  'anticoagulant',
  'warfarin',
  'hormonal-contraceptive',
  'respiratory',
  'antihistamine',
  'nasal-steroid',
  'acid-suppressant',
  'nsaid',
  'muscle-relaxant',
  'triptan',
  'topical-steroid',
  'antibiotic',
  'controlled',
  'unclassified',
] as const;

export type MedicationClass = (typeof MEDICATION_CLASSES)[number];

interface ClassEntry {
  label: string;
  rxnorm: readonly string[];
  /** Generic and brand names; a phrase of several words needs them all. */
  names: readonly string[];
  /** Allergy wording that names the whole class ("ACE inhibitor", "NSAIDs"), besides the drug names. */
  allergyTerms: readonly string[];
  /** An allergy to one member rules out the others (NSAIDs, statins); not so for, say, antibiotics. */
  siblingsCrossReact?: boolean;
}

export const CLASS_TABLE: Readonly<Record<Exclude<MedicationClass, 'unclassified'>, ClassEntry>> = {
  'ace-inhibitor': {
    label: 'ACE inhibitor',
    rxnorm: ['314076', '314077'],
    names: ['lisinopril', 'enalapril', 'ramipril', 'benazepril', 'quinapril', 'prinivil', 'zestril'],
    allergyTerms: ['ace inhibitor', 'ace inhibitors', 'ace-inhibitor'],
    siblingsCrossReact: true,
  },
  arb: {
    label: 'Angiotensin receptor blocker',
    rxnorm: ['979492'],
    names: ['losartan', 'valsartan', 'olmesartan', 'irbesartan', 'candesartan', 'telmisartan', 'cozaar'],
    allergyTerms: ['arb', 'angiotensin receptor blocker', 'sartan'],
    siblingsCrossReact: true,
  },
  'antihypertensive-other': {
    label: 'Antihypertensive (other)',
    rxnorm: ['197361', '310798'],
    names: ['amlodipine', 'hydrochlorothiazide', 'hctz', 'chlorthalidone', 'metoprolol', 'carvedilol', 'norvasc'],
    allergyTerms: [],
  },
  diabetes: {
    label: 'Diabetes medication',
    rxnorm: ['861007', '310490'],
    names: ['metformin', 'glipizide', 'glimepiride', 'glyburide', 'sitagliptin', 'glucophage', 'januvia'],
    allergyTerms: [],
  },
  statin: {
    label: 'Statin',
    rxnorm: ['617310'],
    names: ['atorvastatin', 'rosuvastatin', 'simvastatin', 'pravastatin', 'lovastatin', 'lipitor', 'crestor'],
    allergyTerms: ['statin', 'statins'],
    siblingsCrossReact: true,
  },
  thyroid: {
    label: 'Thyroid hormone',
    rxnorm: ['966222'],
    names: ['levothyroxine', 'synthroid', 'levoxyl', 'liothyronine'],
    allergyTerms: [],
  },
  antidepressant: {
    label: 'Antidepressant (SSRI and other)',
    rxnorm: ['312940'],
    names: [
      'sertraline',
      'escitalopram',
      'citalopram',
      'fluoxetine',
      'paroxetine',
      'bupropion',
      'zoloft',
      'lexapro',
      'wellbutrin',
      'prozac',
    ],
    allergyTerms: ['ssri', 'ssris'],
  },
  'anxiolytic-other': {
    label: 'Anxiolytic (non-controlled)',
    rxnorm: [],
    names: ['hydroxyzine', 'buspirone', 'vistaril', 'atarax'],
    allergyTerms: [],
  },
  'alpha-blocker': {
    label: 'Alpha blocker',
    rxnorm: [],
    names: ['prazosin', 'tamsulosin', 'terazosin', 'doxazosin', 'flomax', 'minipress'],
    allergyTerms: ['alpha blocker'],
  },
  anticoagulant: {
    label: 'Direct oral anticoagulant',
    rxnorm: [],
    names: ['apixaban', 'rivaroxaban', 'dabigatran', 'eliquis', 'xarelto'],
    allergyTerms: [],
  },
  warfarin: {
    label: 'Warfarin',
    rxnorm: [],
    names: ['warfarin', 'coumadin', 'jantoven'],
    allergyTerms: [],
  },
  'hormonal-contraceptive': {
    label: 'Hormonal contraceptive',
    rxnorm: [],
    names: ['ethinyl estradiol', 'norgestimate', 'levonorgestrel', 'norethindrone', 'birth control'],
    allergyTerms: [],
  },
  respiratory: {
    label: 'Asthma / inhaled medication',
    rxnorm: ['745679', '200224'],
    names: ['albuterol', 'fluticasone', 'budesonide', 'montelukast', 'flovent', 'singulair', 'proair', 'ventolin'],
    allergyTerms: [],
  },
  antihistamine: {
    label: 'Antihistamine',
    rxnorm: ['1014676'],
    names: ['cetirizine', 'loratadine', 'fexofenadine', 'zyrtec', 'claritin', 'allegra'],
    allergyTerms: [],
  },
  'nasal-steroid': {
    label: 'Nasal steroid',
    rxnorm: [],
    names: ['fluticasone nasal', 'mometasone nasal', 'triamcinolone nasal', 'flonase', 'nasonex'],
    allergyTerms: [],
  },
  'acid-suppressant': {
    label: 'Acid suppressant',
    rxnorm: ['198053'],
    names: ['omeprazole', 'pantoprazole', 'esomeprazole', 'famotidine', 'prilosec', 'protonix', 'pepcid'],
    allergyTerms: ['ppi', 'proton pump inhibitor'],
  },
  nsaid: {
    label: 'NSAID',
    rxnorm: [],
    names: ['naproxen', 'meloxicam', 'ibuprofen', 'diclofenac', 'celecoxib', 'motrin', 'advil', 'aleve', 'mobic'],
    allergyTerms: ['nsaid', 'nsaids', 'aspirin'],
    siblingsCrossReact: true,
  },
  'muscle-relaxant': {
    label: 'Muscle relaxant',
    rxnorm: [],
    names: ['cyclobenzaprine', 'methocarbamol', 'tizanidine', 'flexeril'],
    allergyTerms: [],
  },
  triptan: {
    label: 'Triptan',
    rxnorm: [],
    names: ['sumatriptan', 'rizatriptan', 'imitrex', 'maxalt'],
    allergyTerms: ['triptan', 'triptans'],
    siblingsCrossReact: true,
  },
  'topical-steroid': {
    label: 'Topical steroid',
    rxnorm: [],
    names: [
      'hydrocortisone cream',
      'triamcinolone cream',
      'hydrocortisone ointment',
      'triamcinolone ointment',
      'clobetasol',
    ],
    allergyTerms: [],
  },
  antibiotic: {
    label: 'Antibiotic',
    rxnorm: [],
    names: ['amoxicillin', 'penicillin', 'augmentin', 'cephalexin', 'azithromycin', 'doxycycline', 'sulfamethoxazole'],
    allergyTerms: [],
  },
  controlled: {
    label: 'Controlled substance',
    rxnorm: [],
    names: [
      'methylphenidate',
      'amphetamine',
      'dextroamphetamine',
      'lisdexamfetamine',
      'concerta',
      'adderall',
      'vyvanse',
      'oxycodone',
      'hydrocodone',
      'codeine',
      'tramadol',
      'alprazolam',
      'lorazepam',
      'clonazepam',
      'diazepam',
      'zolpidem',
    ],
    allergyTerms: ['opioid', 'opioids', 'opiate', 'benzodiazepine'],
  },
};

/** Allergy wording for a drug class that is not the drug's own class ("penicillin" covers amoxicillin). */
const CROSS_ALLERGY: readonly { term: string; names: readonly string[] }[] = [
  { term: 'penicillin', names: ['amoxicillin', 'penicillin', 'augmentin', 'ampicillin'] },
  { term: 'beta-lactam', names: ['amoxicillin', 'penicillin', 'augmentin', 'ampicillin', 'cephalexin'] },
  { term: 'sulfa', names: ['sulfamethoxazole'] },
];

export const classLabel = (c: MedicationClass): string =>
  c === 'unclassified' ? 'Unclassified' : CLASS_TABLE[c].label;

export const wordsOf = (text: string): string[] => text.toLowerCase().match(/[a-z0-9]+/g) ?? [];

const containsPhrase = (words: readonly string[], phrase: string): boolean =>
  wordsOf(phrase).every((w) => words.includes(w));

const phraseLength = (phrase: string): number => wordsOf(phrase).length;

export interface MedicationIdentity {
  name: string;
  rxnorm?: string;
  controlled?: boolean;
}

const CLASS_KEYS = MEDICATION_CLASSES.filter(
  (c): c is Exclude<MedicationClass, 'unclassified'> => c !== 'unclassified',
);

/**
 * The medication's class. A controlled flag or a controlled drug name wins over everything (a
 * controlled drug never goes by protocol); then the RxNorm code; then the most specific name phrase.
 */
export function classifyMedication(med: MedicationIdentity): MedicationClass {
  const words = wordsOf(med.name);
  if (med.controlled === true || CLASS_TABLE.controlled.names.some((p) => containsPhrase(words, p))) {
    return 'controlled';
  }
  if (med.rxnorm !== undefined) {
    const byCode = CLASS_KEYS.find((c) => CLASS_TABLE[c].rxnorm.includes(med.rxnorm ?? ''));
    if (byCode !== undefined) return byCode;
  }
  let best: { cls: MedicationClass; length: number } = { cls: 'unclassified', length: 0 };
  for (const cls of CLASS_KEYS) {
    for (const phrase of CLASS_TABLE[cls].names) {
      if (phraseLength(phrase) > best.length && containsPhrase(words, phrase))
        best = { cls, length: phraseLength(phrase) };
    }
  }
  return best.cls;
}

/** The class's drug names that appear in the medication's name: its ingredients as far as we know. */
function ingredientsOf(med: MedicationIdentity, cls: MedicationClass): string[] {
  const words = wordsOf(med.name);
  if (cls === 'unclassified') return words.slice(0, 1);
  return CLASS_TABLE[cls].names.filter((p) => containsPhrase(words, p));
}

/**
 * Why an allergy rules the drug out, or null. An allergy conflicts when its substance names the
 * drug, another drug of the same class, the class itself, or a class the drug belongs to by
 * cross-reactivity (penicillin → amoxicillin). Same-class matches are deliberately broad: the PCM
 * looks at them, the protocol does not wave them through.
 */
export function allergyConflict(substance: string, med: MedicationIdentity, cls: MedicationClass): string | null {
  const words = wordsOf(substance);
  if (words.length === 0) return null;
  const own = ingredientsOf(med, cls);
  const hitOwn = own.find((p) => containsPhrase(words, p));
  if (hitOwn !== undefined) return `names ${hitOwn} itself`;
  if (cls !== 'unclassified') {
    const entry = CLASS_TABLE[cls];
    const sibling = entry.siblingsCrossReact === true ? entry.names.find((p) => containsPhrase(words, p)) : undefined;
    if (sibling !== undefined) return `${sibling} is in the same class (${entry.label})`;
    const term = entry.allergyTerms.find((p) => containsPhrase(words, p));
    if (term !== undefined) return `names the class (${entry.label})`;
  }
  const medWords = wordsOf(med.name);
  const cross = CROSS_ALLERGY.find(
    (x) => containsPhrase(words, x.term) && x.names.some((n) => containsPhrase(medWords, n)),
  );
  if (cross !== undefined) return `${cross.term} allergy covers this drug`;
  return null;
}
