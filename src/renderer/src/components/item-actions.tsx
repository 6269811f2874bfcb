import { useState } from 'react';
import type { ActArgument } from '../../../shared/staff-actions';
import type { WorkItemSummary } from '../../../shared/work-item';
import { api } from '../api';

type Composer = 'note' | 'reply' | null;

/**
 * The actions on one item. Each is saved on this computer at once (and shown) and sent to the
 * portal in the background; the item's badge says when the portal has it.
 */
export function ItemActions({ item }: { item: WorkItemSummary }) {
  const [composer, setComposer] = useState<Composer>(null);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const open = ['requested', 'accepted', 'in-progress', 'on-hold'].includes(item.status);

  const act = async (arg: ActArgument) => {
    setBusy(true);
    setError(null);
    const result = await api().act(arg);
    setBusy(false);
    if (!result.ok) {
      setError(result.error.message);
      return false;
    }
    return true;
  };
  const submit = async () => {
    if (composer === null) return;
    if (await act({ id: item.id, kind: composer, payload: { text } })) {
      setComposer(null);
      setText('');
    }
  };

  if (!open) return null;
  return (
    <section className="item-actions" aria-label="Actions">
      <div className="action-buttons">
        {!item.claimed && (
          <button type="button" disabled={busy} onClick={() => void act({ id: item.id, kind: 'claim', payload: {} })}>
            Claim
          </button>
        )}
        <button type="button" disabled={busy} onClick={() => setComposer(composer === 'reply' ? null : 'reply')}>
          Reply to patient
        </button>
        <button type="button" disabled={busy} onClick={() => setComposer(composer === 'note' ? null : 'note')}>
          Staff note
        </button>
        <button type="button" disabled={busy} onClick={() => void act({ id: item.id, kind: 'done', payload: {} })}>
          Mark done
        </button>
      </div>
      {composer !== null && (
        <form
          className="composer"
          onSubmit={(event) => {
            event.preventDefault();
            void submit();
          }}
        >
          <label htmlFor="composer-text">
            {composer === 'reply'
              ? 'Reply to the patient (they will see this)'
              : 'Staff note (not shown to the patient)'}
          </label>
          <textarea
            id="composer-text"
            rows={4}
            value={text}
            autoFocus
            onChange={(event) => setText(event.target.value)}
          />
          <div className="composer-buttons">
            <button type="submit" disabled={busy || text.trim() === ''}>
              {composer === 'reply' ? 'Send reply' : 'Add note'}
            </button>
            <button type="button" className="link-button" onClick={() => setComposer(null)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {error !== null && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}
