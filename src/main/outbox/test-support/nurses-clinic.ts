import type { PractitionerRole } from '@medplum/fhirtypes';
import { generateClinic } from '../../../domain/demo-clinic/generate';

/** A small clinic the outbox tests share, and two of its nurses (`Practitioner/…`) to act as. */
export const clinic = generateClinic({ seed: 21, now: new Date('2026-11-25T12:00:00.000Z'), size: 30 });

const nurses = clinic.resources
  .filter((r): r is PractitionerRole => r.resourceType === 'PractitionerRole')
  .filter((r) => r.code?.some((c) => c.coding?.some((code) => code.code === 'nurse')))
  .map((r) => r.practitioner?.reference ?? '');

export const [NURSE, OTHER_NURSE] = nurses as [string, string];
