import { useCallback, useEffect, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { AppInfo } from '../../shared/ipc/contract';
import type { PoolSummary, WorkItemDetail } from '../../shared/work-item';
import { api, unwrap } from './api';
import { InboxList } from './components/inbox-list';
import type { InboxListHandle } from './components/inbox-list';
import { ItemDetail } from './components/item-detail';
import { PoolNav } from './components/pool-nav';
import { DiagnosticsDialog } from './components/diagnostics-dialog';
import { QueueDialog } from './components/queue-dialog';
import { ShortcutSheet } from './components/shortcut-sheet';
import { SyncBanner } from './components/sync-banner';
import { SyncIndicator } from './components/sync-indicator';
import { useInboxRows } from './hooks/use-inbox-rows';
import { useNow } from './hooks/use-now';
import { useSyncStatus } from './hooks/use-sync-status';

export function App() {
  const now = useNow();
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [pools, setPools] = useState<PoolSummary[]>([]);
  const [poolId, setPoolId] = useState<string | null>(null);
  const [reloadKey, setReloadKey] = useState(0);
  const [activeIndex, setActiveIndex] = useState(0);
  const [detail, setDetail] = useState<WorkItemDetail | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [detailError, setDetailError] = useState<string | null>(null);
  const [showShortcuts, setShowShortcuts] = useState(false);
  const [showDiagnostics, setShowDiagnostics] = useState(false);
  const [showQueue, setShowQueue] = useState(false);
  const sync = useSyncStatus();
  const rows = useInboxRows(poolId, reloadKey);
  const list = useRef<InboxListHandle>(null);
  const detailPane = useRef<HTMLElement>(null);

  const loadPools = useCallback(() => {
    unwrap(api().listPools({}))
      .then(setPools)
      .catch((e: unknown) => setProblem(e instanceof Error ? e.message : String(e)));
  }, []);

  const loadInfo = useCallback(() => {
    unwrap(api().getAppInfo({}))
      .then(setInfo)
      .catch((e: unknown) => setProblem(e instanceof Error ? e.message : String(e)));
  }, []);

  useEffect(() => {
    loadInfo();
    loadPools();
    return api().onInboxChanged(() => {
      // On a first start the roster (and so who this desk acts as) arrives with the sync.
      loadInfo();
      loadPools();
      setReloadKey((k) => k + 1);
    });
  }, [loadInfo, loadPools]);

  const selectPool = (id: string | null) => {
    setPoolId(id);
    setActiveIndex(0);
  };

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

  const onGlobalKey = (event: KeyboardEvent) => {
    if (event.key === '?' && !showShortcuts) {
      event.preventDefault();
      setShowShortcuts(true);
    } else if (event.key === 'Escape' && document.activeElement === detailPane.current) {
      list.current?.focus();
    }
  };

  const poolName = poolId === null ? 'All pools' : (pools.find((p) => p.id === poolId)?.name ?? 'Pool');
  return (
    <div className="app" onKeyDown={onGlobalKey}>
      <header className="topbar">
        <h1>Triage Desk</h1>
        <span className="clinic">{info?.clinicName ?? ''}</span>
        {info?.dataSource === 'demo' && <span className="badge demo">Demo data</span>}
        {info?.userName != null && <span className="user">Acting as {info.userName}</span>}
        <span className="spacer" />
        <button type="button" className="link-button" onClick={() => setShowShortcuts(true)}>
          Keyboard shortcuts <kbd>?</kbd>
        </button>
      </header>
      {problem !== null && (
        <p role="alert" className="banner-error">
          {problem}
        </p>
      )}
      <div className="workspace">
        <PoolNav pools={pools} selected={poolId} onSelect={selectPool} />
        <main className="list-pane" aria-label={`${poolName} inbox`}>
          <div className="list-title">
            <h2>{poolName}</h2>
            <span className="muted">{rows.total === null ? 'Loading…' : `${rows.total} open · soonest due first`}</span>
          </div>
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
            singlePool={poolId !== null}
            now={now}
            activeIndex={activeIndex}
            onActiveChange={setActiveIndex}
            onOpen={() => detailPane.current?.focus()}
          />
        </main>
        <ItemDetail ref={detailPane} detail={shownDetail} error={detailError} now={now} />
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
        <span>
          <kbd>↑</kbd>/<kbd>↓</kbd> move · <kbd>Enter</kbd> open · <kbd>Esc</kbd> back to list
        </span>
      </footer>
      {showShortcuts && <ShortcutSheet onClose={() => setShowShortcuts(false)} />}
      {showDiagnostics && <DiagnosticsDialog onClose={() => setShowDiagnostics(false)} />}
      {showQueue && <QueueDialog onClose={() => setShowQueue(false)} reloadKey={reloadKey} />}
    </div>
  );
}
