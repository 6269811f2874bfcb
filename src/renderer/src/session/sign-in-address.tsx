import { useState } from 'react';
import type { PendingSignIn } from '../../../shared/session';

interface Props {
  pending: PendingSignIn | null;
  onCancel: () => void;
}

/**
 * The way on when no browser came up: the system only reports that it started one (on Linux, that
 * xdg-open ran), so the sign-in page's address is always there to copy into a browser, and the wait
 * can be given up instead of lasting its five minutes.
 */
export function SignInAddress({ pending, onCancel }: Props) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const copy = () => {
    if (pending === null) return;
    navigator.clipboard.writeText(pending.address).then(
      () => setCopied('yes'),
      () => setCopied('failed'),
    );
  };
  return (
    <section className="sign-in-address" aria-labelledby="sign-in-address-title">
      {pending?.browserProblem != null && (
        <p role="alert" className="banner-error">
          {pending.browserProblem}
        </p>
      )}
      <h2 id="sign-in-address-title">
        {pending?.browserProblem != null ? 'Open this address in a browser' : 'No browser opened?'}
      </h2>
      {pending === null ? (
        <p className="muted">Preparing the portal’s sign-in page…</p>
      ) : (
        <>
          <label htmlFor="sign-in-address">Copy the portal’s sign-in address into a browser on this computer:</label>
          <input
            id="sign-in-address"
            readOnly
            value={pending.address}
            spellCheck={false}
            onFocus={(event) => event.currentTarget.select()}
          />
        </>
      )}
      <div className="sign-in-actions">
        <button type="button" onClick={copy} disabled={pending === null}>
          Copy address
        </button>
        <button type="button" onClick={onCancel}>
          Cancel sign-in
        </button>
      </div>
      <p role="status" className="muted">
        {copied === 'yes'
          ? 'Address copied.'
          : copied === 'failed'
            ? 'Could not copy: select the address and press Ctrl+C.'
            : ''}
      </p>
    </section>
  );
}
