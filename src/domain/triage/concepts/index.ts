import type { ConceptInput, ModifierInput } from '../rules-schema';
import { ABDOMEN_TORSION } from './abdomen-torsion';
import { ANAPHYLAXIS } from './anaphylaxis';
import { BLEEDING } from './bleeding';
import { BREATHING } from './breathing';
import { CARDIAC, PREGNANCY_PRESSURE } from './cardiac';
import { HARM_OTHERS } from './harm-others';
import { HEAT } from './heat';
import { INGESTION } from './ingestion';
import { METABOLIC } from './metabolic';
import { MODIFIERS } from './modifiers';
import { NEURO } from './neuro';
import { OTHER } from './other';
import { PEDIATRIC } from './pediatric';
import { PREGNANCY } from './pregnancy';
import { SELF_HARM } from './self-harm';
import { SEPSIS } from './sepsis';
import { STROKE } from './stroke';
import { SUICIDE } from './suicide';
import { TRAUMA_HEAD } from './trauma-head';
import { VIOLENCE } from './violence';

/** Every red-flag concept, family by family, crisis families first so their reasons lead. */
export const CONCEPTS: ConceptInput[] = [
  ...SUICIDE,
  ...SELF_HARM,
  ...HARM_OTHERS,
  ...CARDIAC,
  ...PREGNANCY_PRESSURE,
  ...STROKE,
  ...BREATHING,
  ...ANAPHYLAXIS,
  ...BLEEDING,
  ...TRAUMA_HEAD,
  ...NEURO,
  ...INGESTION,
  ...PREGNANCY,
  ...PEDIATRIC,
  ...METABOLIC,
  ...SEPSIS,
  ...HEAT,
  ...ABDOMEN_TORSION,
  ...VIOLENCE,
  ...OTHER,
];

export const CONCEPT_MODIFIERS: Record<string, ModifierInput> = MODIFIERS;
