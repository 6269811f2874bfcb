import { useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';

/**
 * A decision made in a native modal <dialog> (it traps the focus and closes on Esc by itself): the
 * dialog opens on mount, and `record` resolves to main's refusal in words, or null once the decision
 * is on disk, when the dialog closes.
 */
export function useModalForm() {
  const dialog = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  const close = () => dialog.current?.close();
  const run = async (record: () => Promise<string | null>, onRecorded?: () => void): Promise<void> => {
    setBusy(true);
    const problem = await record();
    setBusy(false);
    if (problem === null) {
      onRecorded?.();
      close();
    } else setError(problem);
  };
  return { dialog, error, setError, busy, run, close };
}

interface ModalFormProps {
  dialog: ReturnType<typeof useModalForm>['dialog'];
  /** Main's refusal or the form's own complaint; null for none. */
  error: string | null;
  className: string;
  titleId: string;
  onClose: () => void;
  onSubmit: () => Promise<void>;
  children: ReactNode;
  /** The buttons below the error line. */
  buttons: ReactNode;
}

/** The dialog, its form (Enter or the submit button sends), the error line and the button row. */
export function ModalForm({ dialog, error, className, titleId, onClose, onSubmit, children, buttons }: ModalFormProps) {
  return (
    <dialog ref={dialog} className={className} aria-labelledby={titleId} onClose={onClose}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void onSubmit();
        }}
      >
        {children}
        {error !== null && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <div className="composer-buttons">{buttons}</div>
      </form>
    </dialog>
  );
}

/** Ctrl+Enter (Cmd+Enter) in a text area sends, as in the composer. */
export const sendOnCtrlEnter =
  (send: () => Promise<void>) =>
  (event: React.KeyboardEvent<HTMLTextAreaElement>): void => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void send();
    }
  };
