import { forwardRef, useImperativeHandle, useRef, useState } from 'react';
import type { QuickText, StaffMember, TriageExplanation, WorkItemDetail } from '../../../shared/work-item';
import { OPEN_STATUSES } from '../../../shared/work-item';
import { formatWhen } from '../ui/format';
import { describeDue, redFlagHeadline, redFlagLine, triageSummary } from './item-words';
import { fillForItem } from '../triage/quick-text-fill';
import { DueCell, PriorityBadge, SyncStateBadge, TypeLabel, statusLabel } from './badges';
import { StoppedNotice } from '../sync/stopped-notice';
import { MedicationCard, ResultCard } from './clinical-cards';
import { EmergencyBanner } from '../triage/emergency-banner';
import type { EmergencyBannerHandle } from '../triage/emergency-banner';
import { ItemActions } from './item-actions';
import type { ItemActionsHandle } from './item-actions';
import type { DecisionCommand, DecisionHandle, ItemCommand } from '../shell/keymap';
import { labelOf } from '../shell/keymap';
import { PatientContextPanel } from './patient-context';
import { RenewalPanel } from '../renewals/renewal-panel';
import { ResultPanel } from '../results/result-panel';

export interface ItemDetailHandle {
  focus(): void;
  contains(node: Node | null): boolean;
  run(command: ItemCommand | DecisionCommand): void;
}

interface Props {
  detail: WorkItemDetail | null;
  error: string | null;
  now: number;
  members: StaffMember[];
  routeTargets: { id: string; name: string }[];
  quickTexts: QuickText[];
  userId: string | null;
  /** The selected item has left the list (closed elsewhere, filtered out): nothing is selected. */
  gone?: boolean;
  onReturnToList: () => void;
}

/**
 * The right-hand pane: the whole item and the patient's context, without leaving the inbox. The
 * thread and the context sit side by side when the pane is wide enough, one above the other when not.
 */
export const ItemDetail = forwardRef<ItemDetailHandle, Props>(function ItemDetail(
  { detail, error, now, members, routeTargets, quickTexts, userId, gone = false, onReturnToList },
  ref,
) {
  const pane = useRef<HTMLElement>(null);
  const actions = useRef<ItemActionsHandle>(null);
  const banner = useRef<EmergencyBannerHandle>(null);
  const decision = useRef<DecisionHandle>(null);
  // Why the last decision key did nothing here, said where the person looks (and read out).
  const [keyNote, setKeyNote] = useState<{ itemId: string; text: string } | null>(null);
  const itemId = detail?.item.id ?? null;
  const open = detail !== null && OPEN_STATUSES.includes(detail.item.status);
  const decides = detail !== null && (detail.renewal !== null || detail.resultReview !== null);
  useImperativeHandle(
    ref,
    () => ({
      focus: () => pane.current?.focus(),
      contains: (node) => node !== null && pane.current?.contains(node) === true,
      run: (command) => {
        if (command === 'acknowledge') banner.current?.focusAcknowledge();
        else if (isDecision(command)) {
          if (itemId === null) return;
          const why = !decides
            ? `${labelOf(command)} decides renewals and results; this item is neither.`
            : !open
              ? 'This item is closed.'
              : decision.current === null
                ? 'This item has no decision to make.'
                : decision.current.decide(command);
          setKeyNote(why === null ? null : { itemId, text: why });
        } else actions.current?.run(command);
      },
    }),
    [itemId, decides, open],
  );

  if (error !== null || detail === null) {
    return (
      <section className="detail empty-detail" ref={pane} tabIndex={-1} aria-label="Work item">
        {error !== null ? (
          <p role="alert" className="error">
            {error}
          </p>
        ) : gone ? (
          // Said, not only shown: the item the keys were meant for has gone from under them.
          <p role="status" className="gone-notice">
            This item is no longer in this view — choose a row.
          </p>
        ) : (
          <p>Select an item to see it here.</p>
        )}
      </section>
    );
  }
  const { item } = detail;
  return (
    <section className="detail" ref={pane} tabIndex={-1} aria-labelledby="detail-subject">
      <EmergencyBanner key={item.id} ref={banner} item={item} now={now} onAcknowledged={onReturnToList} />
      <header className="detail-header">
        <div className="detail-badges">
          <PriorityBadge priority={item.priority} />
          <TypeLabel workType={item.workType} />
          <span className={`status status-${item.status}`}>{statusLabel(item.status)}</span>
          <SyncStateBadge state={item.syncState} />
        </div>
        {detail.stopped !== null && <StoppedNotice stopped={detail.stopped} />}
        <h2 id="detail-subject">{item.subject}</h2>
        <dl className="facts">
          <dt>Due</dt>
          <dd>
            <DueCell dueAt={item.dueAt} now={now} withTime={detail.due === null} />
            {detail.due !== null && <span className="due-why">{describeDue(detail.due)}</span>}
          </dd>
          <dt>Received</dt>
          <dd>{formatWhen(item.receivedAt, now)}</dd>
          <dt>Pool</dt>
          <dd>{item.poolName ?? '—'}</dd>
          <dt>Owner</dt>
          <dd>{item.claimed ? `Claimed by ${item.ownerName ?? 'a staff member'}` : 'Unclaimed'}</dd>
          {item.escalatedTo !== null && (
            <>
              <dt>Escalated</dt>
              <dd className="escalated">Overdue: escalated to {item.escalatedTo}</dd>
            </>
          )}
        </dl>
      </header>
      <p className="key-note" role="status">
        {keyNote?.itemId === item.id ? keyNote.text : ''}
      </p>
      <ItemActions
        key={item.id}
        ref={actions}
        detail={detail}
        members={members}
        routeTargets={routeTargets}
        quickTexts={quickTexts}
        userId={userId}
        onReturnToList={onReturnToList}
      />
      <div className="detail-body">
        <div className="detail-main">
          {detail.triage !== null && <TriageWhy triage={detail.triage} />}
          {detail.description !== null && <p className="note">{detail.description}</p>}
          {detail.renewal !== null && (
            <RenewalPanel
              ref={decision}
              key={item.id}
              item={item}
              renewal={detail.renewal}
              now={now}
              userId={userId}
              onReturnToList={onReturnToList}
            />
          )}
          {detail.resultReview !== null && (
            <ResultPanel
              ref={decision}
              key={item.id}
              item={item}
              review={detail.resultReview}
              now={now}
              quickTexts={quickTexts}
              fill={(text) =>
                fillForItem(text, {
                  patientName: detail.greetingName,
                  referralNumber: detail.referralNumber,
                  region: detail.patient?.region ?? null,
                })
              }
              onReturnToList={onReturnToList}
            />
          )}
          {detail.messages.length > 0 && (
            <section aria-label="Messages" className="thread">
              <h3>Messages</h3>
              <ol>
                {detail.messages.map((m) => (
                  <li key={m.id} className={m.fromPatient ? 'message from-patient' : 'message from-staff'}>
                    <div className="message-meta">
                      <strong>{m.senderName}</strong> <span>{formatWhen(m.sentAt, now)}</span>
                    </div>
                    <p>{m.body}</p>
                  </li>
                ))}
              </ol>
            </section>
          )}
          {detail.medication !== null && detail.renewal === null && (
            <MedicationCard medication={detail.medication} title="Requested renewal" />
          )}
          {detail.result !== null && detail.resultReview === null && <ResultCard result={detail.result} now={now} />}
        </div>
        {detail.patient !== null && <PatientContextPanel patient={detail.patient} now={now} />}
      </div>
    </section>
  );
});

const DECISIONS: readonly string[] = ['approve', 'deny', 'release', 'hold'] satisfies DecisionCommand[];
const isDecision = (command: ItemCommand | DecisionCommand): command is DecisionCommand => DECISIONS.includes(command);

/**
 * Why triage suggested what it did. A red flag explains itself in the open (which concept, which
 * words, which modifiers); the rest of the reasoning is folded away until asked for.
 */
function TriageWhy({ triage }: { triage: TriageExplanation }) {
  const headline = redFlagHeadline(triage);
  return (
    <>
      {headline !== null && triage.emergency !== null && (
        <section
          className={`red-flags red-flags-${triage.emergency.tier}`}
          aria-label={
            triage.emergency.tier === 'emergency' ? 'Why this is an emergency' : 'Why this may be an emergency'
          }
        >
          <h3>{headline}</h3>
          <ul>
            {triage.emergency.flags.map((flag) => (
              <li key={`${flag.concept}-${flag.where}-${flag.words}`}>{redFlagLine(flag)}</li>
            ))}
          </ul>
        </section>
      )}
      <TriageReasons triage={triage} />
    </>
  );
}

function TriageReasons({ triage }: { triage: TriageExplanation }) {
  return (
    <details className="triage-why">
      <summary>{triageSummary(triage)}</summary>
      <ul>
        {triage.reasons.map((reason) => (
          <li key={reason}>{reason}</li>
        ))}
      </ul>
    </details>
  );
}
