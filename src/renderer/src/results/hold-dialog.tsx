import { useState } from 'react';
import type { HoldReasonOption } from '../../../shared/results';
import { calendarDate, reviewBounds } from './result-words';
import { ModalForm, sendOnCtrlEnter, useModalForm } from '../ui/modal-form';

interface Props {
  reportName: string;
  reasons: readonly HoldReasonOption[];
  /** The clinic's date (YYYY-MM-DD): the review date must come after it. */
  today: string;
  /** Resolves to main's refusal (every problem of the hold, in words), or null once it is recorded. */
  onHold: (hold: { reason: string; note: string; reviewOn: string }) => Promise<string | null>;
  /** Closed (held, cancelled or Esc). */
  onClose: () => void;
}

/**
 * Hold a result from the patient: only for a documented reason, with the note that reason needs and
 * the date it comes back for review. The page checks what it can; main's check has the last word.
 */
export function HoldDialog({ reportName, reasons, today, onHold, onClose }: Props) {
  const { dialog, error, setError, busy, run, close } = useModalForm();
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [reviewOn, setReviewOn] = useState('');
  const chosen = reasons.find((r) => r.code === reason) ?? null;
  const bounds = reviewBounds(today, chosen?.maxDays ?? null);

  const submit = async () => {
    const problems = [
      chosen === null ? 'Choose the documented reason for holding it.' : null,
      note.trim() === '' ? `Write the note: it must say ${chosen?.note ?? 'why the result is held'}.` : null,
      reviewOn === '' ? 'Choose the date it comes back for review.' : null,
    ].filter((p) => p !== null);
    if (problems.length > 0) {
      setError(problems.join(' '));
      return;
    }
    await run(() => onHold({ reason, note: note.trim(), reviewOn }));
  };

  return (
    <ModalForm
      dialog={dialog}
      error={error}
      className="route-dialog hold-dialog"
      titleId="hold-title"
      onClose={onClose}
      onSubmit={submit}
      buttons={
        <>
          <button type="submit" className="primary" disabled={busy}>
            Hold result
          </button>
          <button type="button" onClick={close}>
            Cancel
          </button>
        </>
      }
    >
      <h2 id="hold-title">Hold result</h2>
      <p className="muted hold-what">
        {reportName} stays hidden from the patient until it is released. A result may be held only for one of these
        documented reasons.
      </p>
      <fieldset className="hold-reasons">
        <legend>Reason (required)</legend>
        {reasons.map((r, i) => (
          <label key={r.code} className="hold-reason">
            <input
              type="radio"
              name="hold-reason"
              value={r.code}
              autoFocus={i === 0}
              checked={reason === r.code}
              onChange={() => setReason(r.code)}
            />
            <span>
              {r.label}
              <small className="hold-rule">
                {r.rule} · review within {r.maxDays} days
              </small>
            </span>
          </label>
        ))}
      </fieldset>
      <label htmlFor="hold-note">Note (required, staff only)</label>
      <textarea
        id="hold-note"
        rows={3}
        value={note}
        aria-describedby="hold-note-hint"
        onChange={(e) => setNote(e.target.value)}
        onKeyDown={sendOnCtrlEnter(submit)}
      />
      <span id="hold-note-hint" className="hold-hint">
        {chosen === null ? 'Choose a reason: the note must say what it requires.' : `Say ${chosen.note}.`}
      </span>
      <label htmlFor="hold-review">Review on (required)</label>
      <input
        id="hold-review"
        type="date"
        value={reviewOn}
        min={bounds.min}
        max={bounds.max}
        aria-describedby="hold-review-hint"
        onChange={(e) => setReviewOn(e.target.value)}
      />
      <span id="hold-review-hint" className="hold-hint">
        {chosen === null
          ? `After today (${calendarDate(today)}).`
          : `Between ${calendarDate(bounds.min)} and ${calendarDate(bounds.max ?? bounds.min)}: it comes back to the inbox that day.`}
      </span>
    </ModalForm>
  );
}
