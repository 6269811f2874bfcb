import { useDraft } from './use-drafts';
import { ModalForm, sendOnCtrlEnter, useModalForm } from '../ui/modal-form';

interface Props {
  itemId: string;
  /** Pools the item can go to (its own pool left out). */
  targets: { id: string; name: string }[];
  /** Resolves to an error message, or null once the route is recorded. */
  onRoute: (poolId: string, reason: string) => Promise<string | null>;
  /** The dialog closed (routed, cancelled or Esc); the caller returns the focus to the list. */
  onClose: () => void;
}

/** A native modal <dialog>: it traps the focus and closes on Esc by itself. */
export function RouteDialog({ itemId, targets, onRoute, onClose }: Props) {
  const { dialog, error, setError, busy, run, close } = useModalForm();
  // The reason outlives the dialog: Esc or moving away keeps it, only "Discard draft" or routing ends it.
  const { draft, set, clear } = useDraft(itemId, 'route');
  const reason = draft.text;
  const poolId = targets.some((t) => t.id === draft.choice) ? draft.choice : '';
  const setPoolId = (choice: string) => set({ text: reason, choice });
  const setReason = (text: string) => set({ text, choice: poolId });

  const submit = async () => {
    if (poolId === '' || reason.trim() === '') {
      setError(poolId === '' ? 'Choose the pool to send it to.' : 'Say why it goes there: the next nurse reads it.');
      return;
    }
    await run(() => onRoute(poolId, reason.trim()), clear);
  };

  return (
    <ModalForm
      dialog={dialog}
      error={error}
      className="route-dialog"
      titleId="route-title"
      onClose={onClose}
      onSubmit={submit}
      buttons={
        <>
          <button type="submit" className="primary" disabled={busy}>
            Send to pool
          </button>
          <button
            type="button"
            onClick={() => {
              clear();
              close();
            }}
          >
            {reason.trim() === '' ? 'Cancel' : 'Discard draft'}
          </button>
        </>
      }
    >
      <h2 id="route-title">Route to another pool</h2>
      <label htmlFor="route-pool">Pool</label>
      <select id="route-pool" autoFocus required value={poolId} onChange={(e) => setPoolId(e.target.value)}>
        <option value="">Choose a pool…</option>
        {targets.map((t) => (
          <option key={t.id} value={t.id}>
            {t.name}
          </option>
        ))}
      </select>
      <label htmlFor="route-reason">Reason</label>
      <textarea
        id="route-reason"
        rows={3}
        required
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        onKeyDown={sendOnCtrlEnter(submit)}
      />
    </ModalForm>
  );
}
