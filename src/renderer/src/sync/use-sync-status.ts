import { useCallback, useEffect, useState } from 'react';
import type { SyncStatus } from '../../../shared/sync-status';
import { api } from '../ui/api';

/** The sync's status as main pushes it, and "Sync now". */
export function useSyncStatus(): { status: SyncStatus | null; syncNow: () => void; requestError: string | null } {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [requestError, setRequestError] = useState<string | null>(null);
  useEffect(() => {
    // Listen first, then ask: a status pushed between the two is never lost, and a late answer
    // to the question cannot overwrite a newer push by much (it is at most one step behind).
    let pushed = false;
    const unsubscribe = api().onSyncStatus((next) => {
      pushed = true;
      setStatus(next);
    });
    const ask = (always: boolean) =>
      void api()
        .getSyncStatus({})
        .then((result) => {
          if (result.ok && (always || !pushed)) setStatus(result.value);
        });
    ask(false);
    // A local decision changes the queue counts even where no sync runs to push them.
    const unsubscribeInbox = api().onInboxChanged(() => ask(true));
    return () => {
      unsubscribe();
      unsubscribeInbox();
    };
  }, []);
  const syncNow = useCallback(() => {
    setRequestError(null);
    void api()
      .syncNow({})
      .then((result) => {
        if (!result.ok) setRequestError(result.error.message);
      });
  }, []);
  return { status, syncNow, requestError };
}
