import type { PrescriptionTerms } from './staff-actions';
import type { StaffMember } from './work-item';

/** One protocol criterion on the readiness card (the domain's Criterion, as the renderer sees it). */
export interface ReadinessCriterion {
  id: string;
  label: string;
  status: 'met' | 'not-met' | 'unknown';
  /** The dated fact behind the status: "Potassium 4.2 mmol/L on 2026-09-14, 74 days ago." */
  evidence: string;
}

/** The prescription a renewal request is about, as the portal reports it. Times are epoch ms. */
export interface PriorPrescription {
  id: string;
  medication: string;
  rxnorm: string | null;
  dosage: string | null;
  quantity: { value: number; unit: string } | null;
  supplyDays: number | null;
  refillsLeft: number | null;
  validUntil: number | null;
  writtenAt: number | null;
  /** The latest dispense the portal reports; null when it reports none. */
  lastFilledAt: number | null;
  prescriber: string | null;
  /** Where it is filled: the clinic pharmacy or Express Scripts (mail order). */
  pharmacy: string | null;
  mailOrder: boolean;
  status: string;
}

/** A renewal request, ready for the prescriber's decision: the facts, the readiness card, the form's defaults. */
export interface RenewalReview {
  prescription: PriorPrescription;
  /** Refills left and still valid: not the PCM's to renew; the pointer reply is `refillReply`. */
  isRefill: boolean;
  /** Why it is a refill or a renewal, in words ("No refills left", "Expired on 2026-11-02"). */
  requestReason: string;
  classLabel: string;
  criteria: ReadinessCriterion[];
  /** Every criterion met and a renewal: batch approval may take it. */
  allReady: boolean;
  /** The protocol the card was judged by (its version). */
  protocolVersion: string;
  /** What the approve form starts from: a nurse's pended terms, else the prior prescription's. */
  proposal: PrescriptionTerms;
  pended: { by: string; at: number | null; note: string } | null;
  /** The pointer reply for a refill (mail order or the clinic pharmacy's refill line). */
  refillReply: string;
  /** PCMs an item can be routed to (another prescriber). */
  prescribers: StaffMember[];
  /** The desk user may approve and deny (holds the PCM role); otherwise they may pend. */
  canPrescribe: boolean;
}

/** The readiness of one row in the renewals queue, for the list's badge. */
export type RenewalReadiness =
  | { kind: 'ready' }
  | { kind: 'refill' }
  /** `notMet`/`unknown`: how many criteria are not met, and how many have no data. */
  | { kind: 'review'; notMet: number; unknown: number };

/** What batch approval did with each item asked for. */
export interface BatchApproval {
  approved: { id: string; actionId: number }[];
  /** Not approved, with the reason ("Potassium not met", "already decided", "not a PCM"). */
  skipped: { id: string; reason: string }[];
}
