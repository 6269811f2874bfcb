import { useCallback, useEffect, useState } from 'react';
import type { InboxViews, QuickText } from '../../../shared/work-item';
import { api } from '../ui/api';

/**
 * What the navigation offers (views, pools with their counts, route targets), reloaded whenever
 * main says the inbox changed: counts move with every action, and on a first start the roster (the
 * user's pools and role) arrives with the sync. And the clinic's quick texts, loaded once.
 */
export function useInboxViews(): {
  views: InboxViews | null;
  quickTexts: QuickText[];
  error: string | null;
} {
  const [views, setViews] = useState<InboxViews | null>(null);
  const [quickTexts, setQuickTexts] = useState<QuickText[]>([]);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    void api()
      .listViews({})
      .then((result) => {
        if (result.ok) setViews(result.value);
        setError(result.ok ? null : result.error.message);
      });
  }, []);
  useEffect(() => {
    void api()
      .listQuickTexts({})
      .then((result) => {
        // Replies can be typed by hand: a missing list of quick texts is no reason to alarm anyone.
        if (result.ok) setQuickTexts(result.value);
      });
    load();
    return api().onInboxChanged(load);
  }, [load]);
  return { views, quickTexts, error };
}
