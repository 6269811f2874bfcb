import { useCallback, useEffect, useEffectEvent, useRef, useState } from 'react';
import type { AppInfo } from '../../../shared/ipc/contract';
import type { UnsentWork } from '../../../shared/session';
import type { InboxFilters, InboxView, WorkItemDetail, WorkItemSummary } from '../../../shared/work-item';
import { DEFAULT_FILTERS } from '../../../shared/work-item';
import { api, unwrap } from '../ui/api';
import { BatchApprovalBar } from '../renewals/batch-approval';
import { BatchReleaseBar } from '../results/batch-release';
import { DiagnosticsDialog } from '../sync/diagnostics-dialog';
import { FilterBar } from '../inbox/filter-bar';
import { InboxList } from '../inbox/inbox-list';
import { PatientLookupSummary } from '../inbox/patient-lookup-summary';
import type { InboxListHandle } from '../inbox/inbox-list';
import { ItemDetail } from '../item/item-detail';
import type { ItemDetailHandle } from '../item/item-detail';
import { QueueDialog } from '../sync/queue-dialog';
import { KeyHints, ShortcutSheet } from './shortcut-sheet';
import { SignedInAs } from '../session/signed-in-as';
import { SyncBanner } from '../sync/sync-banner';
import { SyncIndicator } from '../sync/sync-indicator';
import { ViewNav } from '../inbox/view-nav';
import { useDebounced } from '../ui/use-debounced';
import { useDraftedIds } from '../triage/use-drafts';
import { useInboxRows } from '../inbox/use-inbox-rows';
import { useInboxViews } from '../inbox/use-inbox-views';
import { useNow } from '../ui/use-now';
import { useSyncStatus } from '../sync/use-sync-status';
import { isTyping, readKey, shortcut } from './keymap';
import type { GoCommand, PendingKey } from './keymap';
import { keepOrDefault, viewKey, viewTitle } from '../inbox/views';
import { UnsentNotice } from '../session/unsent-notice';
import { ArrivalBanner } from '../triage/arrival-banner';
import type { Arrival } from '../triage/arrivals';
import { useArrivals, useSoundSetting } from '../triage/use-arrivals';

/** The selected item of one view, and the row it was last seen on. */
interface Selection {
  view: string;
  id: string | null;
  index: number;
}

interface Props {
  /** The session's controls in the header; absent where the desk is shown on its own. */
  session?: { onLock: () => void; onSignOut: () => void; unsentOfOthers: UnsentWork[] };
}

export function App({ session }: Props = {}) {
  const now = useNow();
  const [info, setInfo] = useState<AppInfo | null>(null);
  const { views, quickTexts, error: viewsError } = useInboxViews();
  const [chosenView, setChosenView] = useState<InboxView | null>(null);
  const [filters, setFilters] = useState<InboxFilters>(DEFAULT_FILTERS);
  const [searchText, setSearchText] = useState('');
  const search = useDebounced(searchText.trim(), 200);
  const [reloadKey, setReloadKey] = useState(0);
  const [detail, setDetail] = useState<WorkItemDetail | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [detailError, setDetailError] = useState<string | null>(null);
  const [showShortcuts, setShowShortcuts] = useState(false);
  const [showDiagnostics, setShowDiagnostics] = useState(false);
  const [showQueue, setShowQueue] = useState(false);
  const sync = useSyncStatus();
  const drafted = useDraftedIds();
  const list = useRef<InboxListHandle>(null);
  const detailPane = useRef<ItemDetailHandle>(null);
  const searchBox = useRef<HTMLInputElement>(null);

  // Until the views arrive nothing is asked; then the chosen view, or the default while it is offered.
  const view = views === null ? null : keepOrDefault(chosenView, views);
  const query = view === null ? null : { view, filters, search };
  // The selection is an item, not a row: a re-sort, a sync or a filter change moves the row, and
  // the cursor, the pane and every key follow the item. A new view starts at its top.
  const viewId = view === null ? '' : viewKey(view);
  const [selection, setSelection] = useState<Selection>({ view: '', id: null, index: 0 });
  const chosen = selection.view === viewId ? selection : { view: viewId, id: null, index: 0 };
  // The item the person just acted on: when that action takes it out of the view (done, routed),
  // the cursor moves on to the row now in its place, as it always has.
  const [actedOn, setActedOn] = useState<{ id: string; generation: number | null } | null>(null);
  const rows = useInboxRows(query, reloadKey, chosen.id);
  const total = rows.total ?? 0;
  const located = chosen.id === null ? undefined : rows.locate(chosen.id);
  const movedOn = located === null && actedOn !== null && actedOn.id === chosen.id;
  // Gone: the selected item left this view (a colleague closed it, a filter dropped it): the pane
  // says so and item keys act on nothing until a row is chosen.
  const gone = located === null && !movedOn;
  const activeIndex: number | null =
    chosen.id === null || movedOn
      ? total > 0
        ? Math.max(0, Math.min(chosen.index, total - 1))
        : null
      : located === null || located === undefined
        ? null
        : located;
  // A row chosen by the person (a key, a click): its item, or, on a page still loading, its place.
  const setActiveIndex = (index: number) => {
    setActedOn(null);
    setSelection({ view: viewId, id: rows.row(index)?.id ?? null, index });
  };
  const rowAtCursor = activeIndex === null ? undefined : rows.row(activeIndex);
  // Adjusted while rendering (React's pattern for state that follows other state), not in an effect:
  // the row the cursor landed on (the first, the next after a done) becomes the selected item, and
  // the index follows the item's row.
  if (
    activeIndex !== null &&
    rowAtCursor !== undefined &&
    (chosen.id !== rowAtCursor.id || chosen.index !== activeIndex || selection.view !== viewId)
  ) {
    setSelection({ view: viewId, id: rowAtCursor.id, index: activeIndex });
  }
  // A later answer still holding the acted-on item: the action kept it here, and should it leave
  // after this, someone else moved it, and the pane says so.
  if (
    actedOn !== null &&
    typeof located === 'number' &&
    actedOn.id === chosen.id &&
    rows.generation !== null &&
    actedOn.generation !== null &&
    rows.generation > actedOn.generation
  ) {
    setActedOn(null);
  }
  // An emergency opened from the banner: once its row is loaded, it is the selected item.
  const [opening, setOpening] = useState<string | null>(null);
  if (opening !== null && view?.kind === 'pool' && rows.total !== null) {
    const at = Array.from({ length: Math.min(rows.total, 200) }, (_, i) => rows.row(i)?.id).indexOf(opening);
    if (at >= 0) {
      setActedOn(null);
      setSelection({ view: viewId, id: opening, index: at });
      setOpening(null);
    }
  }

  const loadInfo = useCallback(() => {
    unwrap(api().getAppInfo({}))
      .then(setInfo)
      .catch((e: unknown) => setProblem(e instanceof Error ? e.message : String(e)));
  }, []);

  useEffect(() => {
    loadInfo();
    return api().onInboxChanged(() => {
      // On a first start the roster (and so what the user may do) arrives with the sync.
      loadInfo();
      setReloadKey((k) => k + 1);
    });
  }, [loadInfo]);

  // The renewals and results views' batch bars count every listed row, so they have the whole list
  // loaded (a short one).
  const renewalsView = view?.kind === 'renewals';
  const resultsView = view?.kind === 'results';
  const batchView = renewalsView || resultsView;
  const listed: WorkItemSummary[] = [];
  if (batchView) {
    for (let i = 0; i < total; i++) {
      const row = rows.row(i);
      if (row !== undefined) listed.push(row);
    }
  }
  const listComplete = listed.length === total;
  useEffect(() => {
    // ensure() skips pages loaded or on their way; after a failed page the error shows instead.
    if (batchView && total > 0 && !listComplete && rows.error === null) rows.ensure(0, total - 1);
  }, [batchView, total, listComplete, rows]);

  const activeId = chosen.id !== null && typeof located === 'number' ? chosen.id : (rowAtCursor?.id ?? null);
  // Never show one patient's item beside another's row: a detail answers only for its own id.
  const shownDetail = detail !== null && detail.item.id === activeId ? detail : null;
  useEffect(() => {
    if (activeId === null) return;
    let current = true;
    void api()
      .getItem({ id: activeId })
      .then((result) => {
        if (!current) return;
        setDetail(result.ok ? result.value : null);
        setDetailError(result.ok ? null : result.error.message);
      });
    return () => {
      current = false;
    };
  }, [activeId, reloadKey]);

  useEffect(() => list.current?.focus(), []);
  const toList = useCallback(() => list.current?.focus(), []);
  const afterAction = () => {
    if (activeId !== null) setActedOn({ id: activeId, generation: rows.generation });
    toList();
  };

  // After any dialog closes the focus is somewhere a key works: where the dialog gave it back, or,
  // where that place has gone or been disabled (a batch's button), the list. Never <body>.
  useEffect(() => {
    const onClose = (event: Event) => {
      if (!(event.target instanceof HTMLDialogElement)) return;
      const active = document.activeElement;
      const lost =
        active === null || active === document.body || (active instanceof HTMLButtonElement && active.disabled);
      if (lost) toList();
    };
    document.addEventListener('close', onClose, true);
    return () => document.removeEventListener('close', onClose, true);
  }, [toList]);

  // `g` then a letter: the view it names, when this person has it.
  const goTo = useCallback(
    (command: GoCommand) => {
      if (views === null) return;
      const pools = views.pools.filter((p) => p.member);
      const mine = pools.length > 0 ? pools : views.pools;
      let next: InboxView | null = null;
      if (command === 'go-mine' && views.user !== null) next = { kind: 'mine' };
      if (command === 'go-renewals' && views.renewalsCount !== null) next = { kind: 'renewals' };
      if (command === 'go-results' && views.resultsCount !== null) next = { kind: 'results' };
      if (command === 'go-pools' && mine.length > 0) {
        // Again on a pool: the next one, round to the first.
        const at = view?.kind === 'pool' ? mine.findIndex((p) => p.id === view.poolId) : -1;
        const pool = mine[(at + 1) % mine.length];
        if (pool !== undefined) next = { kind: 'pool', poolId: pool.id };
      }
      if (next === null) return;
      setChosenView(next);
      toList();
    },
    [views, view, toList],
  );
  const pendingKey = useRef<PendingKey>(null);

  // Emergencies that arrive while the desk is open: announced, and in the banner until opened.
  const [sound, setSound] = useSoundSetting();
  const arrivals = useArrivals(views, reloadKey, sound);
  const { opened } = arrivals;
  const openArrival = (arrival: Arrival) => {
    if (arrival.poolId !== null) setChosenView({ kind: 'pool', poolId: arrival.poolId });
    setOpening(arrival.id);
    opened(arrival.id);
    // The banner's button goes once the item is open: the list, where the row is, has the focus.
    toList();
  };
  useEffect(() => {
    // The row opened from the banner may not be loaded yet: load the top of its pool.
    if (opening !== null && rows.total !== null && rows.total > 0) rows.ensure(0, Math.min(rows.total, 200) - 1);
  }, [opening, rows]);
  // Opened means the person went to it (a key, a click, the banner), not that a re-sort put it under
  // the cursor: an emergency arriving at the top of the list still waits in the banner.
  const moveTo = (index: number) => {
    setActiveIndex(index);
    const id = rows.row(index)?.id;
    if (id !== undefined) opened(id);
  };
  // For the document's keys: this render's rows, without re-adding the listener.
  const moveFromKey = useEffectEvent(moveTo);

  // Keys are heard on the document, not on a wrapper: after a button that disappears (Claim) the
  // focus is on <body>, and the next key must still work.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      const target = event.target instanceof Element ? event.target : null;
      // A modal dialog handles its own keys (and Esc closes it natively).
      if (target?.closest('dialog') != null) return;
      const read = readKey(pendingKey.current, event, isTyping(target), event.timeStamp);
      pendingKey.current = read.pending;
      const { command } = read;
      if (read.pending !== null) event.preventDefault();
      if (command === null) return;
      switch (command) {
        case 'go-mine':
        case 'go-renewals':
        case 'go-results':
        case 'go-pools':
          event.preventDefault();
          goTo(command);
          return;
        case 'back':
          // From the detail, the filters or anywhere else: Esc always lands on the list.
          if (!list.current?.contains(target)) {
            event.preventDefault();
            toList();
          }
          return;
        case 'help':
          event.preventDefault();
          setShowShortcuts(true);
          return;
        case 'search':
          event.preventDefault();
          searchBox.current?.focus();
          searchBox.current?.select();
          return;
        case 'next':
        case 'previous':
          event.preventDefault();
          if (total > 0) {
            moveFromKey(Math.max(0, Math.min(total - 1, (activeIndex ?? -1) + (command === 'next' ? 1 : -1))));
          }
          return;
        default:
          if (shownDetail === null) return;
          event.preventDefault();
          detailPane.current?.run(command);
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [activeIndex, shownDetail, toList, total, goTo]);

  const selectView = (next: InboxView) => {
    setChosenView(next);
    toList();
  };

  const title = viewTitle(view, views);
  const statusWord = filters.status === 'open' ? 'open' : 'closed';
  const canPrescribe = views?.user?.canPrescribe ?? info?.canPrescribe ?? false;
  const members = views?.pools.find((p) => p.id === shownDetail?.item.poolId)?.members ?? [];
  return (
    <div className="app">
      <header className="topbar">
        <h1>Triage Desk</h1>
        <span className="clinic">{info?.clinicName ?? ''}</span>
        {info?.dataSource === 'demo' && <span className="badge demo">Demo data</span>}
        <SignedInAs userName={info?.userName ?? null} />
        <span className="spacer" />
        <button type="button" className="link-button" onClick={() => setShowShortcuts(true)}>
          Keyboard shortcuts <kbd>{shortcut('help').key}</kbd>
        </button>
        <label className="sound-toggle">
          <input type="checkbox" checked={sound} onChange={(e) => setSound(e.target.checked)} />
          Sound on emergencies
        </label>
        {session !== undefined && (
          <>
            <button type="button" className="link-button" onClick={session.onLock}>
              Lock
            </button>
            <button type="button" className="link-button" onClick={session.onSignOut}>
              Sign out
            </button>
          </>
        )}
      </header>
      {session !== undefined && <UnsentNotice work={session.unsentOfOthers} compact />}
      <ArrivalBanner
        waiting={arrivals.waiting}
        said={arrivals.said}
        watching={arrivals.watching}
        onOpen={openArrival}
      />
      {(problem ?? viewsError) !== null && (
        <p role="alert" className="banner-error">
          {problem ?? viewsError}
        </p>
      )}
      <div className={renewalsView ? 'workspace renewals-view' : resultsView ? 'workspace results-view' : 'workspace'}>
        <ViewNav views={views} selected={view} onSelect={selectView} />
        <main className="list-pane" aria-label={`${title} inbox`}>
          <div className="list-title">
            <h2>{title}</h2>
            <span className="muted">
              {rows.total === null
                ? 'Loading…'
                : rows.lookup !== null
                  ? `${rows.total} ${statusWord} · patients found first, each emergencies first, then soonest due`
                  : `${rows.total} ${statusWord} · emergencies first, then soonest due`}
            </span>
          </div>
          <FilterBar
            filters={filters}
            onFilters={setFilters}
            search={searchText}
            onSearch={setSearchText}
            searchRef={searchBox}
            onSearchDone={toList}
          />
          {renewalsView && canPrescribe && <BatchApprovalBar rows={listed} complete={listComplete} onDone={toList} />}
          {resultsView && canPrescribe && (
            <BatchReleaseBar
              rows={listed}
              complete={listComplete}
              quickTexts={quickTexts}
              now={now}
              userId={views?.user?.id ?? null}
              onDone={toList}
            />
          )}
          <SyncBanner status={sync.status} onRetry={sync.syncNow} />
          {sync.requestError !== null && (
            <p role="alert" className="banner-error">
              {sync.requestError}
            </p>
          )}
          {rows.error !== null && (
            <p role="alert" className="banner-error">
              {rows.error}
            </p>
          )}
          {rows.lookup !== null && (
            <PatientLookupSummary
              lookup={rows.lookup}
              onJump={(index) => {
                setActiveIndex(index);
                list.current?.focus();
              }}
            />
          )}
          <InboxList
            ref={list}
            rows={rows}
            singlePool={view?.kind === 'pool'}
            renewals={renewalsView}
            results={resultsView}
            now={now}
            drafted={drafted}
            activeIndex={activeIndex}
            onActiveChange={moveTo}
            onOpen={() => {
              if (activeId !== null) opened(activeId);
              detailPane.current?.focus();
            }}
            statusWord={statusWord}
          />
        </main>
        <ItemDetail
          ref={detailPane}
          detail={shownDetail}
          error={detailError}
          now={now}
          members={members}
          routeTargets={views?.routeTargets ?? []}
          quickTexts={quickTexts}
          userId={views?.user?.id ?? null}
          gone={gone}
          onReturnToList={afterAction}
        />
      </div>
      <footer className="statusbar">
        <span>{info?.dataSource === 'demo' ? 'Embedded demo portal' : (info?.portalUrl ?? '')}</span>
        <SyncIndicator
          status={sync.status}
          now={now}
          onSyncNow={sync.syncNow}
          onDiagnostics={() => setShowDiagnostics(true)}
          onQueue={() => setShowQueue(true)}
        />
        <span className="spacer" />
        <KeyHints />
      </footer>
      {showShortcuts && (
        <ShortcutSheet
          onClose={() => {
            setShowShortcuts(false);
            toList();
          }}
        />
      )}
      {showDiagnostics && <DiagnosticsDialog onClose={() => setShowDiagnostics(false)} />}
      {showQueue && <QueueDialog onClose={() => setShowQueue(false)} reloadKey={reloadKey} />}
    </div>
  );
}
