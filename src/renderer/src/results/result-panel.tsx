import { forwardRef } from 'react';
import type { ResultReview } from '../../../shared/results';
import type { QuickText, WorkItemSummary } from '../../../shared/work-item';
import { OPEN_STATUSES } from '../../../shared/work-item';
import { formatWhen } from '../ui/format';
import { calendarDate, callPatientLine, resultHeadline } from './result-words';
import { ResultDecision } from './result-decision';
import type { DecisionHandle } from '../shell/keymap';
import { ResultValues } from './result-values';
import { SeverityBadge } from './severity-badge';

interface Props {
  item: WorkItemSummary;
  review: ResultReview;
  now: number;
  quickTexts: readonly QuickText[];
  fill: (text: string) => string;
  onReturnToList: () => void;
}

/**
 * A result waiting for the provider: the report at a glance ("normal, stable"), whether the patient
 * can see it and what would change that, the values with their trends, and the decision.
 */
export const ResultPanel = forwardRef<DecisionHandle, Props>(function ResultPanel(
  { item, review, now, quickTexts, fill, onReturnToList },
  ref,
) {
  const open = OPEN_STATUSES.includes(item.status);
  const call = callPatientLine(review.callPatient);
  return (
    <div className="result-panel">
      <section className={`result-head tone-${review.severity}`} aria-labelledby={`result-name-${item.id}`}>
        <div className="result-title">
          <h3 id={`result-name-${item.id}`} className="result-name">
            {review.name}
          </h3>
          <SeverityBadge severity={review.severity} />
        </div>
        <p className="result-summary">{resultHeadline(review)}</p>
        <dl className="facts result-facts">
          {review.category !== null && (
            <>
              <dt>Category</dt>
              <dd>{review.category}</dd>
            </>
          )}
          <dt>Collected</dt>
          <dd>{formatWhen(review.collectedAt, now)}</dd>
          <dt>Issued</dt>
          <dd>
            {formatWhen(review.issuedAt, now)}
            {review.status !== 'final' && <span className="result-status"> ({review.status})</span>}
          </dd>
          <dt>Ordered by</dt>
          <dd>{review.orderedBy ?? '—'}</dd>
        </dl>
      </section>
      {call !== null && (
        <p className={`result-notice call-notice${review.callPatient === 'will-ask' ? ' urgent' : ''}`}>
          <span aria-hidden="true">☎ </span>
          {call}
        </p>
      )}
      <Visibility review={review} now={now} />
      <ResultValues review={review} />
      {open && (
        <ResultDecision
          ref={ref}
          key={item.id}
          itemId={item.id}
          review={review}
          quickTexts={quickTexts}
          fill={fill}
          onReturnToList={onReturnToList}
        />
      )}
    </div>
  );
});

/** Whether the patient can see it, the provider's hold if there is one, and what the portal will do by itself. */
function Visibility({ review, now }: { review: ResultReview; now: number }) {
  const { hold } = review;
  return (
    <div className="result-visibility">
      {!review.held ? (
        <p className="result-notice released-notice">Released: the patient can see this result.</p>
      ) : hold === null ? (
        <p className="result-notice waiting-notice">Not released: the patient cannot see it yet.</p>
      ) : (
        <div className="result-notice hold-notice">
          <p className="hold-line">
            <strong>Held from the patient</strong>: {hold.reasonLabel}
          </p>
          <p className="hold-note">{hold.note}</p>
          <p className="hold-review">Review on {calendarDate(hold.reviewOn)}</p>
        </div>
      )}
      {review.held && review.autoReleaseAt !== null && (
        <p className="result-notice auto-release">
          The portal releases it to the patient on {formatWhen(review.autoReleaseAt, now)} unless it is held.
        </p>
      )}
    </div>
  );
}
