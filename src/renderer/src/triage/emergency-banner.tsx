import { forwardRef, useImperativeHandle, useRef } from 'react';
import type { WorkItemSummary } from '../../../shared/work-item';
import { useAct } from '../ui/use-act';
import { useDraft } from './use-drafts';
import { formatWhen } from '../ui/format';
import { ACK_HOW_LABELS, EMERGENCY_ACTION, EMERGENCY_BADGE } from '../item/item-words';

export interface EmergencyBannerHandle {
  /** Moves the focus to the acknowledgement form; false when there is nothing to acknowledge. */
  focusAcknowledge(): boolean;
}

interface Props {
  item: WorkItemSummary;
  now: number;
  /** The acknowledgement is recorded (its form goes away): the list takes the focus back. */
  onAcknowledged: () => void;
}

/**
 * The top of an emergency item: what to do now, and the acknowledgement without which the item
 * cannot be closed. The action is announced once, when the banner appears (role="alert" on text
 * that never changes), not again at every refresh.
 */
export const EmergencyBanner = forwardRef<EmergencyBannerHandle, Props>(function EmergencyBanner(
  { item, now, onAcknowledged },
  ref,
) {
  // A half-written note survives moving to another item; it goes once the acknowledgement is recorded.
  const { draft, set, clear } = useDraft(item.id, 'ack');
  const how = draft.choice === 'call' ? 'call' : 'reply';
  const note = draft.text;
  const setHow = (choice: 'reply' | 'call') => set({ text: note, choice });
  const setNote = (text: string) => set({ text, choice: how });
  const { busy, error, act } = useAct();
  const firstRadio = useRef<HTMLInputElement>(null);
  const flag = item.emergency;
  const open = ['requested', 'accepted', 'in-progress', 'on-hold'].includes(item.status);
  const pending = flag !== null && flag.acknowledgedAt === null;

  useImperativeHandle(
    ref,
    () => ({
      focusAcknowledge: () => {
        if (!pending || !open || firstRadio.current === null) return false;
        firstRadio.current.focus();
        return true;
      },
    }),
    [pending, open],
  );

  if (flag === null) return null;
  const id = `ack-${item.id}`;

  if (!pending) {
    return (
      <section className="emergency-banner acknowledged" aria-label="Emergency">
        <p className="emergency-title">
          <span className="badge emergency-badge acknowledged">{EMERGENCY_BADGE[flag.kind]}</span> Acknowledged
          {flag.acknowledgedBy !== null && ` by ${flag.acknowledgedBy}`} {formatWhen(flag.acknowledgedAt, now)}
          {flag.acknowledgedHow !== null && ` · ${ACK_HOW_LABELS[flag.acknowledgedHow]}`}
        </p>
      </section>
    );
  }

  const submit = async () => {
    // A refusal stays in `error`, under the form.
    if ((await act({ id: item.id, kind: 'acknowledge', payload: { how, note } })) !== null) return;
    clear();
    onAcknowledged();
  };

  return (
    <section className="emergency-banner" aria-label="Emergency">
      <p className="emergency-title" role="alert">
        <span className="badge emergency-badge">
          <span aria-hidden="true">⚠ </span>
          {EMERGENCY_BADGE[flag.kind]}
        </span>{' '}
        <strong>{EMERGENCY_ACTION[flag.kind]}.</strong>
      </p>
      {open && (
        <form
          className="ack-form"
          aria-label="Emergency acknowledgement"
          onSubmit={(event) => {
            event.preventDefault();
            void submit();
          }}
        >
          <fieldset>
            <legend>How was it handled?</legend>
            {(['reply', 'call'] as const).map((value, index) => (
              <label key={value} className="check">
                <input
                  ref={index === 0 ? firstRadio : undefined}
                  type="radio"
                  name={`${id}-how`}
                  value={value}
                  checked={how === value}
                  onChange={() => setHow(value)}
                />
                {ACK_HOW_LABELS[value]}
              </label>
            ))}
          </fieldset>
          <label htmlFor={`${id}-note`}>Acknowledgement note (required)</label>
          <textarea
            id={`${id}-note`}
            rows={2}
            required
            value={note}
            placeholder={how === 'call' ? 'Who you spoke to, what you advised, the outcome' : 'What was sent, and when'}
            onChange={(event) => setNote(event.target.value)}
          />
          <div className="composer-buttons">
            <button type="submit" className="primary danger" disabled={busy || note.trim() === ''}>
              Acknowledge emergency
            </button>
          </div>
          {error !== null && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
        </form>
      )}
    </section>
  );
});
