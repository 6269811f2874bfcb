import { forwardRef, useImperativeHandle, useState } from 'react';
import type { DecisionHandle } from '../shell/keymap';
import { keyshortcut } from '../shell/keymap';
import { ConfirmDialog } from '../ui/confirm-dialog';
import type { ResultReview } from '../../../shared/results';
import type { QuickText } from '../../../shared/work-item';
import { useAct } from '../ui/use-act';
import { releaseQuickTexts } from './result-words';
import { HoldDialog } from './hold-dialog';
import { sendOnCtrlEnter } from '../ui/modal-form';
import { unfilledPlaceholderProblem } from '../../../shared/quick-texts';

interface Props {
  itemId: string;
  review: ResultReview;
  quickTexts: readonly QuickText[];
  /** Fills a quick text's placeholders from the item (the patient's name). */
  fill: (text: string) => string;
  /** A decision was recorded (or the dialog closed): the list takes the focus back. */
  onReturnToList: () => void;
}

/**
 * Release with an optional comment the patient reads, or hold for a documented reason. Anyone but a
 * PCM is told so and offered neither: a disabled button would still suggest it is theirs.
 */
export const ResultDecision = forwardRef<DecisionHandle, Props>(function ResultDecision(
  { itemId, review, quickTexts, fill, onReturnToList },
  ref,
) {
  const [comment, setComment] = useState('');
  const [holding, setHolding] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const { busy, error, setError, act } = useAct();
  useImperativeHandle(ref, () => ({
    decide: (command) => {
      if (command === 'approve' || command === 'deny') return 'Approve and deny are for renewals; this is a result.';
      if (!review.canRelease) return 'Only a PCM can release or hold results.';
      if (busy || holding || confirming) return null;
      if (command === 'release') setConfirming(true);
      else setHolding(true);
      return null;
    },
  }));
  const titleId = `result-decision-title-${itemId}`;
  const commentId = `result-comment-${itemId}`;

  if (!review.canRelease) {
    return (
      <section className="result-decision" aria-labelledby={titleId}>
        <h3 id={titleId}>Decision</h3>
        <p className="decision-hint">Only a PCM can release or hold results.</p>
      </section>
    );
  }

  const texts = releaseQuickTexts(quickTexts);
  const release = async () => {
    const text = comment.trim();
    const gap = unfilledPlaceholderProblem(text);
    if (gap !== null) {
      setError(gap);
      document.getElementById(commentId)?.focus();
      return;
    }
    const problem = await act({ id: itemId, kind: 'release', payload: text === '' ? {} : { comment: text } });
    if (problem !== null) return;
    setComment('');
    onReturnToList();
  };
  const insert = (text: string) => {
    const filled = fill(text);
    setComment((old) => (old.trim() === '' ? filled : `${old.trimEnd()}\n\n${filled}`));
    document.getElementById(commentId)?.focus();
  };

  return (
    <section className="result-decision" aria-labelledby={titleId}>
      <h3 id={titleId}>Decision</h3>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void release();
        }}
      >
        <label htmlFor={commentId}>Comment to the patient (optional)</label>
        {texts.length > 0 && (
          <div className="quick-comments" role="group" aria-label="Insert a quick text">
            {texts.map((q) => (
              <button key={q.id} type="button" className="quick-comment" onClick={() => insert(q.text)}>
                {q.label}
              </button>
            ))}
          </div>
        )}
        <textarea
          id={commentId}
          rows={3}
          value={comment}
          placeholder="They read it with the result. Ctrl+Enter releases."
          onChange={(e) => setComment(e.target.value)}
          onKeyDown={sendOnCtrlEnter(release)}
        />
        <div className="decision-buttons">
          <button type="submit" className="primary" disabled={busy} aria-keyshortcuts={keyshortcut('release')}>
            Release to patient
          </button>
          <button
            type="button"
            disabled={busy}
            aria-keyshortcuts={keyshortcut('hold')}
            onClick={() => setHolding(true)}
          >
            Hold…
          </button>
        </div>
      </form>
      {/* The dialog shows its own failure; this one is for the release's. */}
      {error !== null && !holding && !confirming && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {confirming && (
        <ConfirmDialog
          title={`Release ${review.name} to the patient?`}
          confirmLabel="Release to patient"
          onConfirm={async () => {
            const text = comment.trim();
            const problem = await act({ id: itemId, kind: 'release', payload: text === '' ? {} : { comment: text } });
            if (problem === null) setComment('');
            return problem;
          }}
          onClose={() => {
            setConfirming(false);
            setError(null);
            onReturnToList();
          }}
        >
          <p>
            {comment.trim() === ''
              ? 'They will see the result with no comment.'
              : `They will see the result with your comment: “${comment.trim()}”`}
          </p>
        </ConfirmDialog>
      )}
      {holding && (
        <HoldDialog
          reportName={review.name}
          reasons={review.holdReasons}
          today={review.today}
          onHold={(hold) => act({ id: itemId, kind: 'hold', payload: hold })}
          onClose={() => {
            setHolding(false);
            setError(null);
            onReturnToList();
          }}
        />
      )}
    </section>
  );
});
