import type { InboxView, InboxViews } from '../../../shared/work-item';

/** A stable string for a view: React keys, comparisons, and the rows hook's query key. */
export function viewKey(view: InboxView): string {
  return view.kind === 'pool' ? `pool:${view.poolId}` : view.kind;
}

/** Whether the navigation offers the lead-only views ("Escalated to me", "All pools"). */
export function showsLeadViews(views: InboxViews): { escalated: boolean; all: boolean } {
  // With nobody signed in there is no "me" to escalate to, but every pool is still worth one list.
  return { escalated: views.escalatedCount !== null, all: views.allCount !== null || views.user === null };
}

/** Where the inbox opens: the first pool the user works in; all pools when nobody is signed in. */
export function defaultView(views: InboxViews): InboxView {
  if (views.user === null) return { kind: 'all' };
  const pool = views.pools.find((p) => p.member);
  if (pool !== undefined) return { kind: 'pool', poolId: pool.id };
  return views.allCount !== null ? { kind: 'all' } : { kind: 'mine' };
}

/** The view itself while the navigation still offers it, else the default (a pool went away). */
export function keepOrDefault(view: InboxView | null, views: InboxViews): InboxView {
  if (view === null) return defaultView(views);
  const lead = showsLeadViews(views);
  const offered =
    view.kind === 'mine' ||
    (view.kind === 'pool' && views.pools.some((p) => p.id === view.poolId)) ||
    (view.kind === 'all' && lead.all) ||
    (view.kind === 'escalated' && lead.escalated) ||
    (view.kind === 'renewals' && views.renewalsCount !== null) ||
    (view.kind === 'results' && views.resultsCount !== null);
  return offered ? view : defaultView(views);
}

export function viewTitle(view: InboxView | null, views: InboxViews | null): string {
  if (view === null) return 'Inbox';
  switch (view.kind) {
    case 'mine':
      return 'My items';
    case 'all':
      return 'All pools';
    case 'escalated':
      return 'Escalated to me';
    case 'renewals':
      return 'Renewals';
    case 'results':
      return 'Results';
    case 'pool':
      return views?.pools.find((p) => p.id === view.poolId)?.name ?? 'Pool';
  }
}
