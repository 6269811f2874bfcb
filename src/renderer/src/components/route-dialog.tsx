import { useEffect, useRef, useState } from 'react';

interface Props {
  /** Pools the item can go to (its own pool left out). */
  targets: { id: string; name: string }[];
  /** Resolves to an error message, or null once the route is recorded. */
  onRoute: (poolId: string, reason: string) => Promise<string | null>;
  /** The dialog closed (routed, cancelled or Esc); the caller returns the focus to the list. */
  onClose: () => void;
}

/** A native modal <dialog>: it traps the focus and closes on Esc by itself. */
export function RouteDialog({ targets, onRoute, onClose }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [poolId, setPoolId] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);

  const submit = async () => {
    if (poolId === '' || reason.trim() === '') {
      setError(poolId === '' ? 'Choose the pool to send it to.' : 'Say why it goes there: the next nurse reads it.');
      return;
    }
    setBusy(true);
    const problem = await onRoute(poolId, reason.trim());
    setBusy(false);
    if (problem === null) dialog.current?.close();
    else setError(problem);
  };

  return (
    <dialog ref={dialog} className="route-dialog" aria-labelledby="route-title" onClose={onClose}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
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
          onKeyDown={(event) => {
            if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
              event.preventDefault();
              void submit();
            }
          }}
        />
        {error !== null && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <div className="composer-buttons">
          <button type="submit" className="primary" disabled={busy}>
            Send to pool
          </button>
          <button type="button" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
