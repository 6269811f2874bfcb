import type { SessionState } from '../../../shared/session';
import { SignInAddress } from './sign-in-address';
import { UnsentNotice } from './unsent-notice';

interface Props {
  session: SessionState;
  /** A request that failed before main could answer (the bridge, a refused argument). */
  error: string | null;
  onSignIn: () => void;
  onCancelSignIn: () => void;
  onSignOut: () => void;
}

/**
 * What the desk shows when nobody is signed in or it is locked: no patient data, only who the
 * locked session belongs to, and the way back in through the portal's sign-in page.
 */
export function SignInScreen({ session, error, onSignIn, onCancelSignIn, onSignOut }: Props) {
  const locked = session.phase === 'locked';
  const waiting = session.phase === 'signing-in';
  const problem = error ?? session.problem;
  return (
    <main className="sign-in" aria-labelledby="sign-in-title">
      <div className="sign-in-card">
        <p className="sign-in-app">
          Triage Desk <span className="muted">· {session.clinicName}</span>
        </p>
        <h1 id="sign-in-title">{locked ? 'Desk locked' : 'Sign in'}</h1>
        {locked ? (
          <p>
            {session.userName === null ? 'Someone' : session.userName} was signed in here. Patient information is hidden
            and the local cache is closed. Sign in again to go on: changes waiting to be sent are kept and go to the
            portal after sign-in.
          </p>
        ) : (
          <p>
            Your browser opens the portal&apos;s sign-in page. At the clinic you sign in there with your CAC or PIV
            card; then come back to this window.
          </p>
        )}
        {session.dataSource === 'demo' && !locked && (
          <p className="muted">
            Demo portal: the sign-in page lists the demo clinic&apos;s staff. Sign in as a nurse or a PCM to see the
            desk as they do.
          </p>
        )}
        <UnsentNotice work={session.unsentOfOthers} />
        {problem !== null && (
          <p role="alert" className="banner-error">
            {problem}
          </p>
        )}
        <div className="sign-in-actions">
          <button type="button" className="primary" onClick={onSignIn} disabled={waiting}>
            {locked ? 'Sign in again' : 'Sign in'}
          </button>
          {locked && (
            <button type="button" onClick={onSignOut}>
              Sign out (another person)
            </button>
          )}
        </div>
        <p role="status" className="muted">
          {waiting ? 'Waiting for you to finish signing in in your browser…' : ''}
        </p>
        {waiting && <SignInAddress pending={session.pendingSignIn} onCancel={onCancelSignIn} />}
      </div>
    </main>
  );
}
