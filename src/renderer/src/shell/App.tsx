import { useCallback, useEffect, useRef, useState } from 'react';
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
import { commandFor, isTyping, shortcut } from './keymap';
import { keepOrDefault, viewKey, viewTitle } from '../inbox/views';
import { UnsentNotice } from '../session/unsent-notice';

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
  const rows = useInboxRows(query, reloadKey);
  // The cursor belongs to one question: a new view, filter or search starts at the top.
  const question = view === null ? '' : `${viewKey(view)}|${JSON.stringify(filters)}|${search}`;
  const [cursor, setCursor] = useState({ question: '', index: 0 });
  const total = rows.total ?? 0;
  const activeIndex = cursor.question === question ? Math.max(0, Math.min(cursor.index, total - 1)) : 0;
  const setActiveIndex = useCallback((index: number) => setCursor({ question, index }), [question]);

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

  const activeId = rows.row(activeIndex)?.id ?? null;
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

  // Keys are heard on the document, not on a wrapper: after a button that disappears (Claim) the
  // focus is on <body>, and the next key must still work.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      const target = event.target instanceof Element ? event.target : null;
      // A modal dialog handles its own keys (and Esc closes it natively).
      if (target?.closest('dialog') != null) return;
      const command = commandFor(event, isTyping(target));
      if (command === null) return;
      switch (command) {
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
          if (total > 0) setActiveIndex(Math.max(0, Math.min(total - 1, activeIndex + (command === 'next' ? 1 : -1))));
          return;
        default:
          if (shownDetail === null) return;
          event.preventDefault();
          detailPane.current?.run(command);
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [activeIndex, setActiveIndex, shownDetail, toList, total]);

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
              {rows.total === null ? 'Loading…' : `${rows.total} ${statusWord} · emergencies first, then soonest due`}
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
          {renewalsView && canPrescribe && <BatchApprovalBar rows={listed} complete={listComplete} />}
          {resultsView && canPrescribe && (
            <BatchReleaseBar
              rows={listed}
              complete={listComplete}
              quickTexts={quickTexts}
              now={now}
              userId={views?.user?.id ?? null}
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
          <InboxList
            ref={list}
            rows={rows}
            singlePool={view?.kind === 'pool'}
            renewals={renewalsView}
            results={resultsView}
            now={now}
            drafted={drafted}
            activeIndex={activeIndex}
            onActiveChange={setActiveIndex}
            onOpen={() => detailPane.current?.focus()}
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
          onReturnToList={toList}
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
