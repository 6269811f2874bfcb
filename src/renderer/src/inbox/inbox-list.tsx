import { useVirtualizer } from '@tanstack/react-virtual';
import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react';
import type { KeyboardEvent } from 'react';
import type { SearchMatch, WorkItemSummary } from '../../../shared/work-item';
import { WORK_TYPE_LABELS } from '../../../shared/work-item';
import { formatWhen, timeLeft } from '../ui/format';
import type { InboxRows } from './use-inbox-rows';
import { EMERGENCY_BADGE } from '../item/item-words';
import { SEVERITY_WORDS } from '../results/result-words';
import { readinessBadge, renewalSubject } from '../renewals/renewal-words';
import {
  DueCell,
  EmergencyBadge,
  PossibleEmergencyBadge,
  PriorityBadge,
  SyncStateBadge,
  TypeLabel,
  statusLabel,
} from '../item/badges';
import { ReadinessBadge } from '../renewals/readiness-badge';
import { SeverityBadge } from '../results/severity-badge';

const ROW_HEIGHT = 34;

interface Props {
  rows: InboxRows;
  /** One pool's view: every row has the same pool, so the column is dropped. */
  singlePool: boolean;
  /** The renewals view: every row is a renewal, so the type column gives its place to the readiness badge. */
  renewals: boolean;
  /** The results view: every row is a result, so the type column gives its place to the severity badge. */
  results: boolean;
  now: number;
  /** Items with text typed and not sent: the nurse sees where she left it. */
  drafted: ReadonlySet<string>;
  /** The selected item's row; null when nothing is selected (it left the view, or is loading). */
  activeIndex: number | null;
  onActiveChange: (index: number) => void;
  onOpen: () => void;
  /** "open" or "closed": what the list holds, for its accessible name. */
  statusWord: string;
}

export interface InboxListHandle {
  focus(): void;
  contains(node: Node | null): boolean;
}

/** Why a row is in a patient lookup's list (see `PatientLookupSummary`). */
const SEARCH_MATCH_WORDS: Record<SearchMatch, string> = {
  patient: 'patient found by the search',
  both: 'patient found by the search, and the words match',
  text: 'the words match',
};

/**
 * While the search box names patients, the rows come patient by patient and then the rows whose
 * words alone matched: a row begins a group when its patient (or that kind) differs from the row
 * above's. Unknown while the row above is still loading.
 */
function startsGroup(item: WorkItemSummary, above: WorkItemSummary | undefined, index: number): boolean {
  if (item.searchMatch === undefined) return false;
  if (index === 0) return true;
  if (above === undefined) return false;
  if ((above.searchMatch === 'text') !== (item.searchMatch === 'text')) return true;
  return item.searchMatch !== 'text' && above.patientId !== item.patientId;
}

/** What a screen reader says for a row: the alarming words first, as the eye sees them first. */
const rowLabel = (item: WorkItemSummary, now: number, drafted: boolean): string =>
  [
    item.emergency === null
      ? null
      : `${EMERGENCY_BADGE[item.emergency.kind].replace(' · ', ' ')}, ${item.emergency.acknowledgedAt === null ? 'not acknowledged' : 'acknowledged'}`,
    item.possibleEmergency === null ? null : `Possible emergency, read now`,
    item.priority === 'routine' ? null : item.priority.toUpperCase(),
    WORK_TYPE_LABELS[item.workType],
    item.readiness == null ? null : readinessBadge(item.readiness).text,
    item.severity == null ? null : SEVERITY_WORDS[item.severity].word,
    item.subject,
    item.patientName,
    timeLeft(item.dueAt, now),
    item.claimed ? `claimed by ${item.ownerName ?? 'someone'}` : 'unclaimed',
    // A held result stays in the list until its review date: say why it waits, as its status column does.
    item.status === 'on-hold' ? 'on hold' : null,
    item.escalatedTo === null ? null : `escalated to ${item.escalatedTo}`,
    item.syncState === null ? null : item.syncState === 'needs-review' ? 'change needs review' : 'change not yet sent',
    drafted ? 'unsent draft' : null,
    item.searchMatch === undefined ? null : SEARCH_MATCH_WORDS[item.searchMatch],
  ]
    .filter((part) => part !== null)
    .join(', ');

/**
 * What a hover shows for the whole row: the full subject and the columns a narrow window drops
 * (category, received, pool), so nothing is only reachable by widening the window.
 */
const rowTitle = (item: WorkItemSummary, now: number): string =>
  [
    item.subject,
    [item.patientName, item.beneficiaryCategory].filter((p) => p !== null).join(', '),
    `received ${formatWhen(item.receivedAt, now)}`,
    item.poolName,
  ]
    .filter((part) => part !== null && part !== '')
    .join(' · ');

/**
 * The inbox as one keyboard-driven listbox. Rows are virtualised: only those on screen exist in
 * the DOM, so the list scrolls the same with a hundred items or a hundred thousand.
 */
export const InboxList = forwardRef<InboxListHandle, Props>(function InboxList(
  { rows, singlePool, renewals, results, now, drafted, activeIndex, onActiveChange, onOpen, statusWord },
  ref,
) {
  const scroller = useRef<HTMLDivElement>(null);
  const total = rows.total ?? 0;
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  useImperativeHandle(
    ref,
    () => ({
      focus: () => scroller.current?.focus(),
      contains: (node) => node !== null && scroller.current?.contains(node) === true,
    }),
    [],
  );

  const visible = virtualizer.getVirtualItems();
  const first = visible[0]?.index ?? 0;
  const last = visible[visible.length - 1]?.index ?? 0;
  useEffect(() => {
    if (total > 0) rows.ensure(first, last);
  }, [rows, first, last, total]);

  useEffect(() => {
    if (total > 0 && activeIndex !== null) virtualizer.scrollToIndex(activeIndex, { align: 'auto' });
  }, [activeIndex, total, virtualizer]);

  const move = (to: number) => onActiveChange(Math.max(0, Math.min(total - 1, to)));
  const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 1);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    // With nothing selected (the item left the view) a move starts from the top.
    const at = activeIndex ?? -1;
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(at + 1),
      j: () => move(at + 1),
      ArrowUp: () => move(at - 1),
      k: () => move(at - 1),
      PageDown: () => move(at + page),
      PageUp: () => move(at - page),
      Home: () => move(0),
      End: () => move(total - 1),
      Enter: () => {
        if (activeIndex !== null) onOpen();
      },
    };
    const action = keys[event.key];
    if (action !== undefined) {
      event.preventDefault();
      action();
    }
  };

  const activeItem = activeIndex === null ? undefined : rows.row(activeIndex);
  return (
    <div
      className={['inbox', singlePool ? 'single-pool' : '', renewals ? 'renewals' : '', results ? 'results' : '']
        .join(' ')
        .trim()}
    >
      <div className="inbox-header" aria-hidden="true">
        <span className="col-priority">Priority</span>
        <span className="col-due">Due</span>
        <span className="col-patient">Patient</span>
        <span className="col-cat">Cat.</span>
        <span className="col-type">
          {renewals ? 'Readiness' : results ? 'Severity' : 'Type'}
          {!singlePool && <span className="type-pool-head"> / pool</span>}
        </span>
        <span className="col-subject">
          {renewals ? (
            <>
              <span className="wide-label">Medication</span>
              <span className="narrow-label">Patient / medication</span>
            </>
          ) : (
            'Subject'
          )}
        </span>
        <span className="col-received">Received</span>
        <span className="col-pool">Pool</span>
        <span className="col-owner">Owner / status</span>
      </div>
      {/* Beside the listbox, not in it: a listbox holds options only (ARIA's listbox pattern). */}
      {total === 0 && rows.total !== null && (
        <p className="empty" role="status">
          No {statusWord} items match this view and its filters.
        </p>
      )}
      <div
        ref={scroller}
        className="inbox-rows"
        role="listbox"
        tabIndex={0}
        aria-label={`Work items, ${total} ${statusWord}`}
        aria-activedescendant={activeItem === undefined ? undefined : `row-${activeItem.id}`}
        onKeyDown={onKeyDown}
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {visible.map((v) => {
            const item = rows.row(v.index);
            const active = v.index === activeIndex;
            const hasDraft = drafted.has(item?.id ?? '');
            const style = { transform: `translateY(${v.start}px)`, height: ROW_HEIGHT };
            if (item === undefined) {
              return <div key={v.key} className="row loading" style={style} aria-hidden="true" />;
            }
            return (
              <div
                key={v.key}
                id={`row-${item.id}`}
                role="option"
                aria-selected={active}
                aria-label={rowLabel(item, now, hasDraft)}
                title={rowTitle(item, now)}
                data-item-id={item.id}
                data-search-match={item.searchMatch}
                className={`row${active ? ' active' : ''} row-${item.priority}${item.emergency === null ? '' : ' row-emergency'}${item.possibleEmergency === null ? '' : ' row-possible-emergency'}${startsGroup(item, rows.row(v.index - 1), v.index) ? ' group-start' : ''}`}
                style={style}
                onClick={() => move(v.index)}
                onDoubleClick={onOpen}
              >
                <span className="col-priority">
                  <PriorityBadge priority={item.priority} />
                </span>
                <span className="col-due">
                  <DueCell dueAt={item.dueAt} now={now} />
                </span>
                <span className="col-patient" title={item.patientName ?? undefined}>
                  {item.searchMatch === 'patient' || item.searchMatch === 'both' ? (
                    <mark className="patient-match">{item.patientName ?? '—'}</mark>
                  ) : (
                    (item.patientName ?? '—')
                  )}
                </span>
                <span className="col-cat">{item.beneficiaryCategory ?? ''}</span>
                <span className="col-type">
                  <span className="type-cell">
                    {renewals && item.readiness != null ? (
                      <ReadinessBadge readiness={item.readiness} />
                    ) : results && item.severity != null ? (
                      <SeverityBadge severity={item.severity} />
                    ) : (
                      <TypeLabel workType={item.workType} />
                    )}
                    {/* Shown only when a narrow list has no room for the pool column. */}
                    {!singlePool && <span className="type-pool">{item.poolName ?? '—'}</span>}
                  </span>
                </span>
                <span className="col-subject" title={item.subject}>
                  {item.emergency !== null && <EmergencyBadge flag={item.emergency} />}
                  {item.possibleEmergency !== null && <PossibleEmergencyBadge kind={item.possibleEmergency.kind} />}
                  {hasDraft && <span className="draft-mark">Draft</span>}
                  <SyncStateBadge state={item.syncState} compact />
                  {renewals ? (
                    // A narrow renewals list folds the patient over the drug: both whole beat both cut.
                    <span className="renewal-who">
                      <span className="renewal-patient">{item.patientName ?? '—'}</span>
                      <span className="subject-text">{renewalSubject(item.subject)}</span>
                    </span>
                  ) : (
                    <span className="subject-text">{item.subject}</span>
                  )}
                </span>
                <span className="col-received">{formatWhen(item.receivedAt, now)}</span>
                <span className="col-pool">{item.poolName ?? '—'}</span>
                <span
                  className="col-owner"
                  title={[
                    item.claimed ? item.ownerName : 'Unclaimed',
                    item.escalatedTo === null ? statusLabel(item.status) : `Escalated to ${item.escalatedTo}`,
                  ]
                    .filter((part) => part !== null)
                    .join(' · ')}
                >
                  <span className="owner">
                    <span>{item.claimed ? item.ownerName : 'Unclaimed'}</span>
                    {item.escalatedTo === null ? (
                      <span className={`owner-status status-${item.status}`}>{statusLabel(item.status)}</span>
                    ) : (
                      <span className="owner-status escalated">Escalated to {item.escalatedTo}</span>
                    )}
                  </span>
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
});
