import type { InboxView, InboxViews, PoolSummary } from '../../../shared/work-item';
import { showsLeadViews, viewKey } from './views';

interface Props {
  views: InboxViews | null;
  selected: InboxView | null;
  onSelect: (view: InboxView) => void;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * The views down the left: my items, the renewals and results waiting on me, my pools (with what needs attention in each), and for a lead
 * what has escalated and every pool. Counts are spelled out for screen readers; the emergency
 * pill carries its word, never only its red.
 */
export function ViewNav({ views, selected, onSelect }: Props) {
  const current = selected === null ? null : viewKey(selected);
  const entry = (view: InboxView, name: string, count: number, extra?: PoolSummary) => {
    const key = viewKey(view);
    return (
      <li key={key}>
        <button
          type="button"
          className={current === key ? 'pool current' : 'pool'}
          aria-current={current === key ? 'page' : undefined}
          onClick={() => onSelect(view)}
        >
          <span className="pool-line">
            <span className="pool-name">{name}</span>
            <span className="pool-count">
              {count}
              <span className="sr-only"> open</span>
            </span>
          </span>
          {extra !== undefined && (extra.overdueCount > 0 || extra.emergencyCount > 0) && (
            <span className="pool-line pool-alerts">
              {extra.emergencyCount > 0 && (
                <span className="pill emergency-pill">{plural(extra.emergencyCount, 'emergency', 'emergencies')}</span>
              )}
              {extra.overdueCount > 0 && <span className="pool-overdue">{extra.overdueCount} overdue</span>}
            </span>
          )}
        </button>
      </li>
    );
  };
  if (views === null) {
    return (
      <nav className="pools" aria-label="Pools">
        <p className="muted nav-loading">Loading…</p>
      </nav>
    );
  }
  const lead = showsLeadViews(views);
  return (
    <nav className="pools" aria-label="Pools">
      {views.user !== null && (
        <ul>
          {entry({ kind: 'mine' }, 'My items', views.mineCount)}
          {views.renewalsCount !== null && entry({ kind: 'renewals' }, 'Renewals', views.renewalsCount)}
          {views.resultsCount !== null && entry({ kind: 'results' }, 'Results', views.resultsCount)}
        </ul>
      )}
      <h2 className="nav-heading">
        {views.user !== null && views.pools.every((p) => p.member) ? 'My pools' : 'Pools'}
      </h2>
      {views.pools.length === 0 ? (
        <p className="muted nav-loading">No pools yet.</p>
      ) : (
        <ul>{views.pools.map((p) => entry({ kind: 'pool', poolId: p.id }, p.name, p.openCount, p))}</ul>
      )}
      {(lead.escalated || lead.all) && (
        <>
          <h2 className="nav-heading">{lead.escalated ? 'Lead' : 'Everything'}</h2>
          <ul>
            {lead.escalated && entry({ kind: 'escalated' }, 'Escalated to me', views.escalatedCount ?? 0)}
            {lead.all &&
              entry(
                { kind: 'all' },
                'All pools',
                views.allCount ?? views.pools.reduce((sum, p) => sum + p.openCount, 0),
              )}
          </ul>
        </>
      )}
    </nav>
  );
}
