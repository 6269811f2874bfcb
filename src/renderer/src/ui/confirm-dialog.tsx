import type { ReactNode } from 'react';
import { ModalForm, useModalForm } from './modal-form';

interface Props {
  /** The question, naming what is decided: "Approve the renewal of lisinopril 10 mg tablet?". */
  title: string;
  /** The confirming button's words ("Approve", "Release to patient"). */
  confirmLabel: string;
  /** Resolves to main's refusal in words (shown in the dialog), or null once recorded. */
  onConfirm: () => Promise<string | null>;
  /** Closed: confirmed, cancelled or Esc. */
  onClose: () => void;
  children?: ReactNode;
}

/**
 * The second step of a decision made with one key: the key opens this, the confirming button has
 * the focus, so Enter confirms and Esc (or Cancel) leaves everything as it was.
 */
export function ConfirmDialog({ title, confirmLabel, onConfirm, onClose, children }: Props) {
  const { dialog, error, busy, run, close } = useModalForm();
  return (
    <ModalForm
      dialog={dialog}
      error={error}
      className="route-dialog confirm-dialog"
      titleId="confirm-title"
      onClose={onClose}
      onSubmit={() => run(onConfirm)}
      buttons={
        <>
          <button type="submit" className="primary" autoFocus disabled={busy}>
            {confirmLabel}
          </button>
          <button type="button" onClick={close}>
            Cancel
          </button>
        </>
      }
    >
      <h2 id="confirm-title">{title}</h2>
      {children}
      <p className="muted">Enter confirms; Esc cancels.</p>
    </ModalForm>
  );
}
