import type { PriorPrescription, RenewalReview } from '../../../shared/renewals';
import { formatDate } from '../ui/format';
import { CRITERION_STATUS, criteriaSummary } from './renewal-words';

const quantityLine = (rx: PriorPrescription): string => {
  const amount = rx.quantity === null ? 'Not on file' : `${rx.quantity.value} ${rx.quantity.unit}`;
  return rx.supplyDays === null ? amount : `${amount} · ${rx.supplyDays}-day supply`;
};

/** "Mar 3, 2027", or "Nov 2, 2026 (expired)" once the date has passed. */
const expiryLine = (validUntil: number | null, now: number): string => {
  if (validUntil === null) return 'No expiry on file';
  return validUntil <= now ? `${formatDate(validUntil)} (expired)` : formatDate(validUntil);
};

/**
 * The prescription the request is about, as the portal reports it: what a prescriber checks before
 * writing a new one. The patient's allergies, problems and last visit are in the context beside it.
 */
export function PrescriptionFacts({ renewal, now, itemId }: { renewal: RenewalReview; now: number; itemId: string }) {
  const rx = renewal.prescription;
  const titleId = `rx-title-${itemId}`;
  const expired = rx.validUntil !== null && rx.validUntil <= now;
  return (
    <section className="card renewal-rx" aria-labelledby={titleId}>
      <h3 id={titleId}>Prescription to renew</h3>
      <p className="card-title">{rx.medication}</p>
      <p className="rx-dosage">{rx.dosage ?? 'No directions on file'}</p>
      <dl className="facts rx-facts">
        <dt>Request</dt>
        <dd>{renewal.requestReason}</dd>
        <dt>Quantity</dt>
        <dd>{quantityLine(rx)}</dd>
        <dt>Last fill</dt>
        <dd>{rx.lastFilledAt === null ? 'No fill reported by the portal' : formatDate(rx.lastFilledAt)}</dd>
        <dt>Refills left</dt>
        <dd>{rx.refillsLeft ?? 'Unknown'}</dd>
        <dt>Expires</dt>
        <dd className={expired ? 'rx-expired' : undefined}>{expiryLine(rx.validUntil, now)}</dd>
        <dt>Written</dt>
        <dd>
          {formatDate(rx.writtenAt)}
          {rx.prescriber !== null && ` by ${rx.prescriber}`}
        </dd>
        <dt>Pharmacy</dt>
        <dd>
          {rx.pharmacy ?? 'Not on file'}
          <span className="muted"> ({rx.mailOrder ? 'mail order' : 'clinic pharmacy'})</span>
        </dd>
      </dl>
    </section>
  );
}

/**
 * The protocol's verdict, criterion by criterion, each with the dated fact behind it. Status is a
 * word and an icon; the colour only repeats them.
 */
export function ReadinessCard({ renewal, itemId }: { renewal: RenewalReview; itemId: string }) {
  const titleId = `readiness-title-${itemId}`;
  const summary = criteriaSummary(renewal.criteria);
  const allMet = renewal.criteria.every((c) => c.status === 'met');
  return (
    <section className="card readiness-card" aria-labelledby={titleId}>
      <h3 id={titleId}>Readiness · {renewal.classLabel}</h3>
      <p className="readiness-line">
        <span className={allMet ? 'readiness-summary all-met' : 'readiness-summary needs-review'}>
          <span aria-hidden="true">{allMet ? '✓ ' : '! '}</span>
          {summary}
        </span>
        <span className="protocol muted">Protocol {renewal.protocolVersion}</span>
      </p>
      {renewal.isRefill && <p className="muted readiness-refill-note">A refill: batch approval leaves it out.</p>}
      <ul className="criteria">
        {renewal.criteria.map((c) => {
          const status = CRITERION_STATUS[c.status];
          return (
            <li key={c.id} className={`criterion criterion-${c.status}`}>
              <span className="criterion-status">
                <span aria-hidden="true" className="criterion-icon">
                  {status.icon}
                </span>{' '}
                {status.word}
                <span className="sr-only">:</span>
              </span>
              <span className="criterion-label">{c.label}</span>
              <span className="criterion-evidence">{c.evidence}</span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
