import { useEffect, useRef, useState } from 'react';
import type { Diagnostics } from '../../../shared/sync-status';
import { api } from '../ui/api';

/**
 * For IT and the curious: what the sync knows. Clinic settings files the desk could not use (it
 * runs on the built-in ones meanwhile), resources set aside (with the reason and what arrived),
 * each feed's watermark and what the server cannot do, and the last passes.
 */
export function DiagnosticsDialog({ onClose }: { onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [diagnostics, setDiagnostics] = useState<Diagnostics | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    dialog.current?.showModal();
    void api()
      .getDiagnostics({})
      .then((result) => {
        if (result.ok) setDiagnostics(result.value);
        else setError(result.error.message);
      });
  }, []);
  return (
    <dialog ref={dialog} className="diagnostics" aria-labelledby="diagnostics-title" onClose={onClose}>
      <h2 id="diagnostics-title">Sync diagnostics</h2>
      {error !== null && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {diagnostics === null && error === null && <p className="muted">Loading…</p>}
      {diagnostics !== null && (
        <>
          <p className="muted">Portal: {diagnostics.portalUrl ?? 'none configured'}</p>
          {diagnostics.portalWrites !== null && <p className="muted">{diagnostics.portalWrites}</p>}
          {diagnostics.configProblems.length > 0 && (
            <section aria-labelledby="diagnostics-config-title">
              <h3 id="diagnostics-config-title">Clinic settings not in use</h3>
              <ul aria-label="Clinic settings problems">
                {diagnostics.configProblems.map((problem, i) => (
                  <li key={i} className="warning">
                    {problem}
                  </li>
                ))}
              </ul>
            </section>
          )}
          <h3>Set aside ({diagnostics.quarantineTotal})</h3>
          {diagnostics.quarantine.length === 0 ? (
            <p className="muted">Nothing: every resource the portal sent could be stored.</p>
          ) : (
            <table className="diag-table" aria-label="Resources set aside">
              <thead>
                <tr>
                  <th scope="col">Resource</th>
                  <th scope="col">Why</th>
                  <th scope="col">When</th>
                  <th scope="col">As received</th>
                </tr>
              </thead>
              <tbody>
                {diagnostics.quarantine.map((q) => (
                  <tr key={q.id}>
                    <td>
                      {q.resourceType ?? '?'}/{q.resourceId ?? '?'}
                      {q.versionId === null ? '' : ` v${q.versionId}`}
                    </td>
                    <td>{q.reason}</td>
                    <td>{new Date(q.quarantinedAt).toLocaleString()}</td>
                    <td>
                      {q.excerpt === null ? (
                        'Shown to supervisors'
                      ) : (
                        <details>
                          <summary>JSON</summary>
                          <pre>{q.excerpt}</pre>
                        </details>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h3>Feeds</h3>
          <table className="diag-table" aria-label="Feeds">
            <thead>
              <tr>
                <th scope="col">Type</th>
                <th scope="col">Changes read up to</th>
                <th scope="col">Deletions read up to</th>
                <th scope="col">What this portal cannot do</th>
              </tr>
            </thead>
            <tbody>
              {diagnostics.feeds.map((f) => (
                <tr key={f.feed}>
                  <td>{f.feed}</td>
                  <td>{f.watermark ?? '—'}</td>
                  <td>{f.historyWatermark ?? '—'}</td>
                  <td>{f.limitation ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>Recent passes</h3>
          <table className="diag-table" aria-label="Recent passes">
            <thead>
              <tr>
                <th scope="col">Finished</th>
                <th scope="col">Outcome</th>
                <th scope="col">Created / updated / deleted</th>
                <th scope="col">Set aside</th>
                <th scope="col">Problem</th>
              </tr>
            </thead>
            <tbody>
              {diagnostics.runs.map((r) => (
                <tr key={r.id}>
                  <td>{new Date(r.finishedAt).toLocaleString()}</td>
                  <td>{r.outcome}</td>
                  <td>
                    {r.created} / {r.updated} / {r.deleted}
                  </td>
                  <td>{r.quarantined}</td>
                  <td>{r.problem ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <button type="button" autoFocus onClick={() => dialog.current?.close()}>
        Close
      </button>
    </dialog>
  );
}
