import { useState } from 'react';
import type { WorkItemDetail } from '../../../shared/work-item';
import { api } from '../ui/api';

/**
 * A decision on this item that did not go through and waits for a person, said where the item is
 * read: a refused release shows the item open, with the portal's words, and the two ways on. The
 * same choices are in the queue dialog; conflicts are resolved there, where both sides are shown.
 */
export function StoppedNotice({ stopped }: { stopped: NonNullable<WorkItemDetail['stopped']> }) {
  const [problem, setProblem] = useState<string | null>(null);
  const resolve = async (resolution: 'retry' | 'discard') => {
    const result = await api().resolveQueued({ actionId: stopped.actionId, resolution });
    setProblem(result.ok ? null : result.error.message);
  };
  return (
    <section className="stopped-notice" aria-labelledby="stopped-title">
      <h3 id="stopped-title">{stopped.refused ? 'Not done: the portal refused it' : 'Waiting for you'}</h3>
      <p>{stopped.reason}</p>
      {stopped.refused && (
        <div className="stopped-actions">
          <button type="button" onClick={() => void resolve('retry')}>
            Try again
          </button>
          <button type="button" onClick={() => void resolve('discard')}>
            Discard the decision
          </button>
        </div>
      )}
      {!stopped.refused && <p className="muted">Open “Changes not yet on the portal” to decide.</p>}
      {problem !== null && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
    </section>
  );
}
