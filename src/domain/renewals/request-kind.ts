import { dateText, DAY_MS, instantOf, isBareDate } from './dated';
import type { When } from './dated';

export interface PrescriptionState {
  name: string;
  /** `dispenseRequest.numberOfRepeatsAllowed` as the portal reports it: the refills still left. */
  refillsLeft: number;
  /** `dispenseRequest.validityPeriod.end`; a bare date is valid through the end of that day. */
  validUntil: When;
}

export type RequestKind =
  { kind: 'refill'; reason: string } | { kind: 'renewal'; reason: string; noRefills: boolean; expired: boolean };

/** The first instant the prescription is no longer valid. */
export function expiresAt(validUntil: When): number {
  const at = instantOf(validUntil);
  return isBareDate(validUntil) ? at + DAY_MS : at;
}

/**
 * A refill (refills left and still valid) belongs with the pharmacy: the clinic pharmacy's refill
 * line or mail order can fill it without the PCM. Otherwise it needs a renewal, a new prescription.
 * Valid means `now` is before the end of validity: at the very instant it ends, it has expired.
 */
export function classifyRequest(med: PrescriptionState, now: number): RequestKind {
  const refills = Number.isFinite(med.refillsLeft) ? Math.max(0, Math.floor(med.refillsLeft)) : 0;
  const end = expiresAt(med.validUntil);
  const expired = end <= now;
  const noRefills = refills === 0;
  const lastValidDay = dateText(isBareDate(med.validUntil) ? end - DAY_MS : end);
  if (!expired && !noRefills) {
    const left = refills === 1 ? '1 refill left' : `${refills} refills left`;
    const until = lastValidDay === dateText(now) ? 'valid through today' : `valid through ${lastValidDay}`;
    return {
      kind: 'refill',
      reason: `${med.name} has ${left}, ${until}: the pharmacy refill line or mail order can fill it without the PCM.`,
    };
  }
  const why = [noRefills ? 'no refills left' : null, expired ? `expired (valid through ${lastValidDay})` : null]
    .filter((w) => w !== null)
    .join(' and ');
  return {
    kind: 'renewal',
    reason: `${med.name}: ${why}, so it needs a new prescription from the PCM.`,
    noRefills,
    expired,
  };
}
