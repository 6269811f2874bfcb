import { useState } from 'react';
import { DENY_REASONS, denyReplyFor } from './renewal-words';
import { ModalForm, sendOnCtrlEnter, useModalForm } from '../ui/modal-form';
import { unfilledPlaceholderProblem } from '../../../shared/quick-texts';

interface Props {
  medication: string;
  /** Resolves to main's message, or null once the denial is recorded. */
  onDeny: (reason: string, reply: string) => Promise<string | null>;
  /** Closed (denied, cancelled or Esc). */
  onClose: () => void;
}

const OTHER = 'other';

/**
 * Deny with a reason (a common one, or the PCM's own words) and the reply the patient will read,
 * suggested from the reason and editable. Once edited, the reply is the PCM's: another reason no
 * longer replaces it.
 */
export function DenyDialog({ medication, onDeny, onClose }: Props) {
  const { dialog, error, setError, busy, run, close } = useModalForm();
  const [choice, setChoice] = useState('');
  const [other, setOther] = useState('');
  const [reply, setReply] = useState('');
  const [replyEdited, setReplyEdited] = useState(false);

  const reason = choice === OTHER ? other.trim() : choice;
  const pick = (next: string) => {
    setChoice(next);
    if (!replyEdited) setReply(denyReplyFor(next === OTHER ? '' : next, medication));
  };
  const submit = async () => {
    if (reason === '') {
      setError(choice === OTHER ? 'Write the reason for denying it.' : 'Choose why it is denied.');
      return;
    }
    if (reply.trim() === '') {
      setError('Write the reply the patient will read: they need to know what to do next.');
      return;
    }
    const gap = unfilledPlaceholderProblem(reply);
    if (gap !== null) {
      setError(gap);
      return;
    }
    await run(() => onDeny(reason, reply.trim()));
  };

  return (
    <ModalForm
      dialog={dialog}
      error={error}
      className="route-dialog renewal-dialog"
      titleId="deny-title"
      onClose={onClose}
      onSubmit={submit}
      buttons={
        <>
          <button type="submit" className="primary danger" disabled={busy}>
            Deny and send reply
          </button>
          <button type="button" onClick={close}>
            Cancel
          </button>
        </>
      }
    >
      <h2 id="deny-title">Deny renewal of {medication}</h2>
      <fieldset className="deny-reasons">
        <legend>Reason (required)</legend>
        {DENY_REASONS.map((r, i) => (
          <label key={r.reason} className="check">
            <input
              type="radio"
              name="deny-reason"
              value={r.reason}
              autoFocus={i === 0}
              checked={choice === r.reason}
              onChange={() => pick(r.reason)}
            />
            {r.reason}
          </label>
        ))}
        <label className="check">
          <input
            type="radio"
            name="deny-reason"
            value={OTHER}
            checked={choice === OTHER}
            onChange={() => pick(OTHER)}
          />
          Other reason
        </label>
        {choice === OTHER && (
          <>
            <label htmlFor="deny-other" className="sr-only">
              Other reason
            </label>
            <input
              id="deny-other"
              type="text"
              autoFocus
              maxLength={500}
              placeholder="Why it is denied (staff see this)"
              value={other}
              onChange={(e) => setOther(e.target.value)}
            />
          </>
        )}
      </fieldset>
      <label htmlFor="deny-reply">Reply to the patient (required; they will see this)</label>
      <textarea
        id="deny-reply"
        rows={5}
        value={reply}
        placeholder="Choose a reason to start from a suggested reply"
        onChange={(e) => {
          setReply(e.target.value);
          setReplyEdited(true);
        }}
        onKeyDown={sendOnCtrlEnter(submit)}
      />
    </ModalForm>
  );
}
