import { fillQuickText } from '../../../shared/quick-texts';
import { TRICARE_CONTRACTORS } from '../../../shared/tricare-contractors';
import type { QuickText } from '../../../shared/work-item';

/** The TRICARE regional contractor a referral's status question is sent on to. */
export function contractorFor(region: string | null): { name: string; site: string } | null {
  switch (region?.trim().toLowerCase()) {
    case 'west':
      return TRICARE_CONTRACTORS.West;
    case 'east':
      return TRICARE_CONTRACTORS.East;
    default:
      return null;
  }
}

export interface ItemFacts {
  patientName: string | null;
  referralNumber: string | null;
  region: string | null;
}

/**
 * Fills a quick text from the open item. What the item cannot answer (no referral number, a region
 * without a contractor) stays as the `{placeholder}`, so the nurse sees the gap before the patient.
 */
export function fillForItem(text: string, facts: ItemFacts): string {
  const contractor = contractorFor(facts.region);
  return fillQuickText(text, {
    patientName: facts.patientName,
    referralNumber: facts.referralNumber,
    contractor: contractor?.name ?? null,
    contractorSite: contractor?.site ?? null,
  });
}

/** Whether a quick text is the clinic's 911/988 answer (the contract has no flag for it). */
export function isEmergencyText(text: QuickText): boolean {
  return text.categories.includes('emergency') || /^emergency\b|\b911\b|\b988\b/i.test(`${text.id} ${text.label}`);
}

/**
 * The quick texts in the order the picker offers them: for an emergency the 911/988 text first;
 * then those made for the item's triage category; the rest after, in the clinic's order.
 */
export function orderQuickTexts(
  texts: readonly QuickText[],
  category: string | null,
  emergency: boolean,
): { suggested: QuickText[]; others: QuickText[] } {
  const emergencyTexts = emergency ? texts.filter(isEmergencyText) : [];
  const forCategory =
    category === null ? [] : texts.filter((t) => t.categories.includes(category) && !emergencyTexts.includes(t));
  const suggested = [...emergencyTexts, ...forCategory];
  return { suggested, others: texts.filter((t) => !suggested.includes(t)) };
}
