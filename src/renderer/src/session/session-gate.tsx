import { useCallback, useEffect, useState } from 'react';
import type { SessionState } from '../../../shared/session';
import { App } from '../shell/App';
import { api } from '../ui/api';
import { drafts } from '../triage/use-drafts';
import { SignInScreen } from './sign-in-screen';
import { useIdleLock } from './use-idle-lock';

/**
 * The desk only while someone is signed in. Locking hides it at once, before main has closed the
 * cache: the inbox unmounts (its PHI leaves the DOM) and unsent drafts are forgotten.
 */
export function SessionGate() {
  const [session, setSession] = useState<SessionState | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const off = api().onSessionChanged((next) => {
      if (next.phase !== 'signed-in') drafts.clearAll();
      setSession(next);
    });
    void api()
      .getSession({})
      .then((result) => {
        if (result.ok) setSession(result.value);
        else setError(result.error.message);
      });
    return off;
  }, []);

  const answer = useCallback((pending: ReturnType<ReturnType<typeof api>['getSession']>) => {
    void pending.then((result) => {
      if (result.ok) {
        setError(null);
        setSession(result.value);
      } else setError(result.error.message);
    });
  }, []);

  const lock = useCallback(
    (reason: 'idle' | 'user') => {
      drafts.clearAll();
      setSession((s) => (s === null || s.phase !== 'signed-in' ? s : { ...s, phase: 'locked', problem: null }));
      answer(api().lock({ reason }));
    },
    [answer],
  );
  const lockWhenIdle = useCallback(() => lock('idle'), [lock]);
  useIdleLock(session?.phase === 'signed-in' ? session.idleLockMinutes : 0, lockWhenIdle);

  if (session === null) {
    return error === null ? null : (
      <p role="alert" className="banner-error">
        {error}
      </p>
    );
  }
  if (session.phase !== 'signed-in') {
    return (
      <SignInScreen
        session={session}
        error={error}
        onSignIn={() => answer(api().signIn({}))}
        onCancelSignIn={() => answer(api().cancelSignIn({}))}
        onSignOut={() => answer(api().signOut({}))}
      />
    );
  }
  return (
    <App
      session={{
        unsentOfOthers: session.unsentOfOthers,
        onLock: () => lock('user'),
        onSignOut: () => {
          drafts.clearAll();
          answer(api().signOut({}));
        },
      }}
    />
  );
}
