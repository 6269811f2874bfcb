import { useEffect, useRef, useState } from 'react';
import type { WorkItemSummary } from '../../../shared/work-item';
import { api } from '../ui/api';
import { batchResultLine, readyRows, renewalSubject } from './renewal-words';

interface Props {
  /** The rows the renewals list shows now (with its filters and search). */
  rows: readonly WorkItemSummary[];
  /** Every row of the list is loaded: the count is of the whole list, not a page of it. */
  complete: boolean;
  /** The dialog closed (approved or cancelled): the list takes the focus back, never <body>. */
  onDone: () => void;
}

const renewals = (n: number) => `${n} ${n === 1 ? 'renewal' : 'renewals'}`;

/**
 * "Approve N ready": the listed requests whose protocol criteria are all met, after one
 * confirmation that names each. Main approves each on its own (its own outbox and audit rows) and
 * says which it skipped and why; the result stays here after the approved rows leave the list.
 */
export function BatchApprovalBar({ rows, complete, onDone }: Props) {
  const ready = readyRows(rows);
  const [confirming, setConfirming] = useState<WorkItemSummary[] | null>(null);
  const [result, setResult] = useState<string | null>(null);
  return (
    <section className="batch-bar" aria-label="Batch approval">
      <button
        type="button"
        className="primary"
        disabled={ready.length === 0 || !complete}
        onClick={() => {
          setResult(null);
          setConfirming(ready);
        }}
      >
        Approve {ready.length} ready
      </button>
      <span className="muted">
        {ready.length === 0
          ? 'None listed has every protocol criterion met.'
          : `${ready.length} of ${rows.length} listed meet every protocol criterion.`}
      </span>
      <p role="status" className="batch-result">
        {result}
      </p>
      {confirming !== null && (
        <BatchConfirm
          items={confirming}
          onApproved={(line) => setResult(line)}
          onClose={() => {
            setConfirming(null);
            onDone();
          }}
        />
      )}
    </section>
  );
}

function BatchConfirm({
  items,
  onApproved,
  onClose,
}: {
  items: WorkItemSummary[];
  onApproved: (line: string) => void;
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  const nameOf = (id: string) => {
    const row = items.find((i) => i.id === id);
    return row === undefined ? id : `${row.patientName ?? 'Unknown patient'}, ${renewalSubject(row.subject)}`;
  };
  const approve = async () => {
    setBusy(true);
    const answer = await api().approveReadyRenewals({ ids: items.map((i) => i.id) });
    setBusy(false);
    if (!answer.ok) {
      setError(answer.error.message);
      return;
    }
    onApproved(batchResultLine(answer.value, nameOf));
    dialog.current?.close();
  };
  return (
    <dialog ref={dialog} className="route-dialog batch-dialog" aria-labelledby="batch-title" onClose={onClose}>
      <h2 id="batch-title">Approve {renewals(items.length)} as written?</h2>
      <p className="muted">
        Each gets a new prescription with its prior terms, sent to the clinic pharmacy; each is recorded and audited on
        its own.
      </p>
      <ul className="batch-list" aria-label="Renewals to approve">
        {items.map((item) => (
          <li key={item.id}>
            <strong>{item.patientName ?? 'Unknown patient'}</strong> — {renewalSubject(item.subject)}
          </li>
        ))}
      </ul>
      {error !== null && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="composer-buttons">
        <button type="button" className="primary" autoFocus disabled={busy} onClick={() => void approve()}>
          Approve {renewals(items.length)}
        </button>
        <button type="button" onClick={() => dialog.current?.close()}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}
