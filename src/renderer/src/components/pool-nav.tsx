import type { PoolSummary } from '../../../shared/work-item';

interface Props {
  pools: PoolSummary[];
  selected: string | null;
  onSelect: (poolId: string | null) => void;
}

export function PoolNav({ pools, selected, onSelect }: Props) {
  const total = pools.reduce((sum, p) => sum + p.openCount, 0);
  const entry = (id: string | null, name: string, count: number) => (
    <li key={id ?? 'all'}>
      <button
        type="button"
        className={selected === id ? 'pool current' : 'pool'}
        aria-current={selected === id ? 'page' : undefined}
        onClick={() => onSelect(id)}
      >
        <span className="pool-name">{name}</span>
        <span className="pool-count" aria-label={`${count} open`}>
          {count}
        </span>
      </button>
    </li>
  );
  return (
    <nav className="pools" aria-label="Pools">
      <h2 className="nav-heading">Views</h2>
      <ul>{entry(null, 'All pools', total)}</ul>
      <h2 className="nav-heading">Pools</h2>
      <ul>{pools.map((p) => entry(p.id, p.name, p.openCount))}</ul>
    </nav>
  );
}
