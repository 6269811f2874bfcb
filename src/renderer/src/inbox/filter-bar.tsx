import { useRef } from 'react';
import type { KeyboardEvent, Ref } from 'react';
import type { InboxFilters } from '../../../shared/work-item';
import { DEFAULT_FILTERS, PRIORITIES, WORK_TYPES, WORK_TYPE_LABELS } from '../../../shared/work-item';
import { PRIORITY_LABELS } from '../item/item-words';
import { keyshortcut, shortcut } from '../shell/keymap';
import { activeFilterLabels, togglePriority, toggleWorkType } from './filters';

interface Props {
  filters: InboxFilters;
  onFilters: (filters: InboxFilters) => void;
  /** What is typed in the search box now (the list follows it after a pause). */
  search: string;
  onSearch: (text: string) => void;
  searchRef: Ref<HTMLInputElement>;
  /** Esc in the search box: it is cleared and the list takes the focus back. */
  onSearchDone: () => void;
}

/** The filters above the list, and the search box `/` jumps to. */
export function FilterBar({ filters, onFilters, search, onSearch, searchRef, onSearchDone }: Props) {
  const types = useRef<HTMLDetailsElement>(null);
  const active = activeFilterLabels(filters, search);
  const set = (patch: Partial<InboxFilters>) => onFilters({ ...filters, ...patch });

  const onSearchKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      onSearch('');
      onSearchDone();
    } else if (event.key === 'Enter' || event.key === 'ArrowDown') {
      event.preventDefault();
      onSearchDone();
    }
  };
  // A native <details> does not close on Esc by itself; a dropdown should.
  const onTypesKey = (event: KeyboardEvent<HTMLDetailsElement>) => {
    if (event.key === 'Escape' && types.current?.open === true) {
      event.preventDefault();
      event.stopPropagation();
      types.current.open = false;
      types.current.querySelector('summary')?.focus();
    }
  };

  return (
    <div className="filter-bar">
      <div className="filters" role="group" aria-label="Filters">
        <input
          ref={searchRef}
          type="search"
          className="search"
          aria-label="Search messages, or a patient by name, date of birth or DoD ID"
          aria-keyshortcuts={keyshortcut('search')}
          placeholder={`Search messages or patients (${shortcut('search').key})`}
          title="Words of a subject or message; or a patient: Last, Last, First (or part of it), a date of birth (1984-03-07, 03/07/1984, 3/7/84) or a 10-digit DoD ID"
          value={search}
          maxLength={200}
          onChange={(event) => onSearch(event.target.value)}
          onKeyDown={onSearchKey}
        />
        <details
          ref={types}
          className="dropdown"
          onKeyDown={onTypesKey}
          onBlur={(event) => {
            // Leaving the dropdown (Tab past it, a click elsewhere) folds it away.
            if (!event.currentTarget.contains(event.relatedTarget)) event.currentTarget.open = false;
          }}
        >
          <summary>Type{filters.workTypes.length > 0 ? ` (${filters.workTypes.length})` : ': any'}</summary>
          <fieldset className="dropdown-panel">
            <legend className="sr-only">Work type</legend>
            {WORK_TYPES.map((t) => (
              <label key={t} className="check">
                <input
                  type="checkbox"
                  checked={filters.workTypes.includes(t)}
                  onChange={() => set({ workTypes: toggleWorkType(filters.workTypes, t) })}
                />
                {WORK_TYPE_LABELS[t]}
              </label>
            ))}
          </fieldset>
        </details>
        <fieldset className="inline-checks">
          <legend>Priority</legend>
          {[...PRIORITIES].reverse().map((p) => (
            <label key={p} className="check">
              <input
                type="checkbox"
                checked={filters.priorities.includes(p)}
                onChange={() => set({ priorities: togglePriority(filters.priorities, p) })}
              />
              {PRIORITY_LABELS[p]}
            </label>
          ))}
        </fieldset>
        <label className="inline-select">
          Status
          <select value={filters.status} onChange={(e) => set({ status: e.target.value as InboxFilters['status'] })}>
            <option value="open">Open</option>
            <option value="closed">Closed</option>
          </select>
        </label>
        <label className="inline-select">
          Due
          <select value={filters.due} onChange={(e) => set({ due: e.target.value as InboxFilters['due'] })}>
            <option value="any">Any</option>
            <option value="overdue">Overdue</option>
            <option value="near-due">Near due</option>
          </select>
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={filters.unassignedOnly}
            onChange={(e) => set({ unassignedOnly: e.target.checked })}
          />
          Unassigned only
        </label>
      </div>
      {active.length > 0 && (
        <div className="active-filters">
          <span className="muted">Showing only:</span>
          <ul aria-label="Active filters">
            {active.map((label) => (
              <li key={label}>{label}</li>
            ))}
          </ul>
          <button
            type="button"
            className="link-button clear-filters"
            onClick={() => {
              onFilters(DEFAULT_FILTERS);
              onSearch('');
            }}
          >
            Clear filters
          </button>
        </div>
      )}
    </div>
  );
}
