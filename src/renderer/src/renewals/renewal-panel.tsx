import { forwardRef, useState } from 'react';
import type { RenewalReview } from '../../../shared/renewals';
import type { WorkItemSummary } from '../../../shared/work-item';
import { OPEN_STATUSES } from '../../../shared/work-item';
import { formatDate } from '../ui/format';
import { unfilledPlaceholderProblem } from '../../../shared/quick-texts';
import { useAct } from '../ui/use-act';
import { PrescriptionFacts, ReadinessCard } from './renewal-cards';
import { RenewalDecision } from './renewal-decision';
import type { DecisionHandle } from '../shell/keymap';

interface Props {
  item: WorkItemSummary;
  renewal: RenewalReview;
  now: number;
  userId: string | null;
  onReturnToList: () => void;
}

/**
 * A renewal request in the item view: a refill is said to be one first (with its one-click pointer
 * reply), then the prescription, the readiness card, and the decision. A closed request shows
 * what it was about and no controls.
 */
export const RenewalPanel = forwardRef<DecisionHandle, Props>(function RenewalPanel(
  { item, renewal, now, userId, onReturnToList },
  ref,
) {
  const open = OPEN_STATUSES.includes(item.status);
  return (
    <div className="renewal-panel">
      {open && renewal.isRefill && <RefillNotice itemId={item.id} renewal={renewal} onDone={onReturnToList} />}
      {renewal.pended !== null && (
        <p className="pended-note">
          <strong>
            Pended by {renewal.pended.by}
            {renewal.pended.at !== null && ` on ${formatDate(renewal.pended.at)}`}:
          </strong>{' '}
          {renewal.pended.note}
        </p>
      )}
      <PrescriptionFacts renewal={renewal} now={now} itemId={item.id} />
      <ReadinessCard renewal={renewal} itemId={item.id} />
      {open &&
        (renewal.isRefill ? (
          <details className="renew-anyway">
            <summary>Renew it anyway…</summary>
            <RenewalDecision
              ref={ref}
              itemId={item.id}
              renewal={renewal}
              userId={userId}
              onReturnToList={onReturnToList}
            />
          </details>
        ) : (
          <RenewalDecision
            ref={ref}
            itemId={item.id}
            renewal={renewal}
            userId={userId}
            onReturnToList={onReturnToList}
          />
        ))}
    </div>
  );
});

/** Refills left and still valid: the pharmacy fills it, not the PCM. One click tells the patient where, and closes it. */
function RefillNotice({ itemId, renewal, onDone }: { itemId: string; renewal: RenewalReview; onDone: () => void }) {
  const [text, setText] = useState(renewal.refillReply);
  const { busy, error, setError, act } = useAct();
  const replyId = `refill-reply-${itemId}`;
  const send = async () => {
    if (text.trim() === '') {
      setError('Write the reply: the patient needs to know where to get the refill.');
      return;
    }
    const gap = unfilledPlaceholderProblem(text);
    if (gap !== null) {
      setError(gap);
      document.getElementById(replyId)?.focus();
      return;
    }
    const problem = await act({ id: itemId, kind: 'redirect-refill', payload: { text: text.trim() } });
    if (problem === null) onDone();
  };
  return (
    <section className="refill-notice" aria-labelledby={`refill-title-${itemId}`}>
      <h3 id={`refill-title-${itemId}`}>This is a refill, not a renewal: {renewal.requestReason}</h3>
      <label htmlFor={replyId}>Reply to the patient (they will see this)</label>
      <textarea id={replyId} rows={5} value={text} onChange={(e) => setText(e.target.value)} />
      <div className="composer-buttons">
        <button type="button" className="primary" disabled={busy} onClick={() => void send()}>
          Send pharmacy pointer and close
        </button>
      </div>
      {error !== null && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}
