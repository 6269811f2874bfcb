import { useCallback, useEffect, useRef, useState } from 'react';
import type { QueuedAction } from '../../../shared/outbox-view';
import { api } from '../ui/api';

const STATE_LABELS: Record<QueuedAction['state'], string> = {
  queued: 'Waiting to send',
  sending: 'Sending',
  parked: 'Refused by the portal',
  conflict: 'Changed by someone else',
};

/**
 * Decisions made on this desk that the portal has not confirmed. Refused or conflicting ones wait
 * here for a person: retry, discard (the portal's version stands), or apply mine over theirs.
 */
export function QueueDialog({ onClose, reloadKey }: { onClose: () => void; reloadKey: number }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [queue, setQueue] = useState<QueuedAction[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    void api()
      .listQueue({})
      .then((result) => {
        if (result.ok) setQueue(result.value);
        else setError(result.error.message);
      });
  }, []);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  useEffect(load, [load, reloadKey]);

  const resolve = async (actionId: number, resolution: 'retry' | 'discard' | 'apply-mine') => {
    const result = await api().resolveQueued({ actionId, resolution });
    if (!result.ok) setError(result.error.message);
    load();
  };

  return (
    <dialog ref={dialog} className="diagnostics" aria-labelledby="queue-title" onClose={onClose}>
      <h2 id="queue-title">Changes not yet on the portal</h2>
      {error !== null && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {queue === null && error === null && <p className="muted">Loading…</p>}
      {queue?.length === 0 && <p className="muted">Nothing waiting: the portal has every change made here.</p>}
      {queue !== null && queue.length > 0 && (
        <table className="diag-table" aria-label="Changes not yet on the portal">
          <thead>
            <tr>
              <th scope="col">Item</th>
              <th scope="col">Change</th>
              <th scope="col">State</th>
              <th scope="col">Why</th>
              <th scope="col">Decide</th>
            </tr>
          </thead>
          <tbody>
            {queue.map((q) => (
              <tr key={q.actionId}>
                <td>{q.subject ?? q.workItemId}</td>
                <td>{q.summary}</td>
                <td>{STATE_LABELS[q.state]}</td>
                <td>
                  {q.lastError ?? (q.state === 'queued' ? 'Goes out as soon as the portal can be reached.' : '')}
                  {q.conflict !== null && (
                    <ul className="conflict-fields">
                      {q.conflict.fields.map((f) => (
                        <li key={f}>
                          {f}: now <strong>{q.conflict?.theirs[f]}</strong> at the portal
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
                <td className="queue-buttons">
                  {q.state === 'parked' && (
                    <button type="button" onClick={() => void resolve(q.actionId, 'retry')}>
                      Retry
                    </button>
                  )}
                  {q.state === 'conflict' && (
                    <button type="button" onClick={() => void resolve(q.actionId, 'apply-mine')}>
                      Apply mine anyway
                    </button>
                  )}
                  {(q.state === 'parked' || q.state === 'conflict') && (
                    <button type="button" onClick={() => void resolve(q.actionId, 'discard')}>
                      Discard mine
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <button type="button" autoFocus onClick={() => dialog.current?.close()}>
        Close
      </button>
    </dialog>
  );
}
