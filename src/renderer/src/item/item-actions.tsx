import { forwardRef, useImperativeHandle, useRef, useState } from 'react';
import type { ActArgument } from '../../../shared/staff-actions';
import type { Priority, QuickText, StaffMember, WorkItemDetail } from '../../../shared/work-item';
import { OPEN_STATUSES, PRIORITIES } from '../../../shared/work-item';
import { useAct } from '../ui/use-act';
import { isEmptyDraft } from '../triage/drafts';
import { drafts, useDraft } from '../triage/use-drafts';
import { fillForItem, orderQuickTexts } from '../triage/quick-text-fill';
import { Composer } from '../triage/composer';
import type { ComposerHandle } from '../triage/composer';
import { RouteDialog } from '../triage/route-dialog';
import { keyshortcut } from '../shell/keymap';
import type { ItemCommand } from '../shell/keymap';
import { PRIORITY_LABELS } from './item-words';

export interface ItemActionsHandle {
  run(command: Exclude<ItemCommand, 'acknowledge'>): void;
}

interface Props {
  detail: WorkItemDetail;
  /** Who the item can be assigned to: its pool's members. */
  members: StaffMember[];
  routeTargets: { id: string; name: string }[];
  quickTexts: QuickText[];
  /** The desk user's Practitioner id, to tell "claimed by you" from "claimed by someone else". */
  userId: string | null;
  /** An action went through (or a dialog closed): the list takes the focus back. */
  onReturnToList: () => void;
}

type ComposerKind = 'reply' | 'note';

/**
 * The actions on one item. Each is saved on this computer at once (and shown) and sent to the
 * portal in the background; the item's badge says when the portal has it. After an action the
 * focus goes back to the list, so the next key a nurse presses means the same thing every time.
 */
export const ItemActions = forwardRef<ItemActionsHandle, Props>(function ItemActions(
  { detail, members, routeTargets, quickTexts, userId, onReturnToList },
  ref,
) {
  const { item } = detail;
  // Coming back to an item reopens what was left half-written, without taking the focus from the list.
  const [composer, setComposer] = useState<ComposerKind | null>(() => drafts.lastComposer(item.id));
  const [focusComposer, setFocusComposer] = useState(false);
  const texts = { reply: useDraft(item.id, 'reply'), note: useDraft(item.id, 'note') };
  const routeDrafted = !isEmptyDraft(useDraft(item.id, 'route').draft);
  const [assignee, setAssignee] = useState('');
  // Null until the nurse picks one: the select follows the item's priority as others change it.
  const [priorityChoice, setPriority] = useState<Priority | null>(null);
  const priority = priorityChoice ?? item.priority;
  const [routing, setRouting] = useState(false);
  const { busy, error, setError, act } = useAct();
  const composerBox = useRef<ComposerHandle>(null);
  const assignSelect = useRef<HTMLSelectElement>(null);
  const prioritySelect = useRef<HTMLSelectElement>(null);
  const open = OPEN_STATUSES.includes(item.status);
  const claimedByMe = item.claimed && userId !== null && item.ownerId === userId;
  // A result closes only by its release, a renewal only by a decision (main refuses "done" on
  // both, and `closable` says why for the d key): neither offers "Mark done".
  const closesByDecision = item.workType === 'result-release' || item.workType === 'renewal-request';
  const id = item.id;

  const actAndReturn = async (arg: ActArgument, after?: () => void) => {
    // A refusal stays in `error`, under the buttons.
    if ((await act(arg)) !== null) return;
    after?.();
    onReturnToList();
  };

  const claim = () => {
    if (item.claimed) {
      setError(
        claimedByMe ? 'You have already claimed this item.' : `Already claimed by ${item.ownerName ?? 'someone'}.`,
      );
      return;
    }
    void actAndReturn({ id, kind: 'claim', payload: {} });
  };
  const assign = () => {
    if (assignee === '') {
      assignSelect.current?.focus();
      return;
    }
    void actAndReturn({ id, kind: 'assign', payload: { to: `Practitioner/${assignee}` } }, () => setAssignee(''));
  };
  const setNewPriority = () =>
    void actAndReturn({ id, kind: 'priority', payload: { priority } }, () => setPriority(null));
  const done = () => {
    if (!detail.closable.ok) {
      setError(`Cannot mark done: ${detail.closable.reason}`);
      return;
    }
    void actAndReturn({ id, kind: 'done', payload: {} });
  };
  const openComposer = (kind: ComposerKind) => {
    setError(null);
    setFocusComposer(true);
    if (composer === kind) composerBox.current?.focus();
    else setComposer(kind);
  };
  const send = () => {
    if (composer === null) return;
    const kind = composer;
    void actAndReturn({ id, kind, payload: { text: texts[kind].draft.text } }, () => {
      setComposer(null);
      texts[kind].clear();
    });
  };

  useImperativeHandle(ref, () => ({
    run: (command) => {
      if (!open) {
        setError('This item is closed.');
        return;
      }
      switch (command) {
        case 'claim':
          return claim();
        case 'assign':
          if (members.length === 0) return setError('No members of this pool are known to assign it to.');
          return assignSelect.current?.focus();
        case 'route':
          return setRouting(true);
        case 'priority':
          return prioritySelect.current?.focus();
        case 'reply':
        case 'note':
          return openComposer(command);
        case 'done':
          return done();
      }
    },
  }));

  if (!open) return null;
  const ordered = orderQuickTexts(
    quickTexts,
    detail.triage?.category ?? null,
    item.emergency !== null || item.possibleEmergency !== null,
  );
  const fill = (text: string) =>
    fillForItem(text, {
      patientName: detail.greetingName,
      referralNumber: detail.referralNumber,
      region: detail.patient?.region ?? null,
    });
  const targets = routeTargets.filter((t) => t.id !== item.poolId);
  const doneReason = detail.closable.ok ? null : detail.closable.reason;

  return (
    <section className="item-actions" aria-label="Actions">
      <div className="action-buttons">
        {item.claimed ? (
          <span className={claimedByMe ? 'claimed-by' : 'claimed-by other'}>
            {claimedByMe ? 'Claimed by you' : `Claimed by ${item.ownerName ?? 'someone else'}`}
          </span>
        ) : (
          <button
            type="button"
            className="primary"
            disabled={busy}
            aria-keyshortcuts={keyshortcut('claim')}
            onClick={claim}
          >
            Claim
          </button>
        )}
        <button
          type="button"
          disabled={busy}
          aria-keyshortcuts={keyshortcut('reply')}
          onClick={() => openComposer('reply')}
        >
          Reply to patient
        </button>
        <button
          type="button"
          disabled={busy}
          aria-keyshortcuts={keyshortcut('note')}
          onClick={() => openComposer('note')}
        >
          Staff note
        </button>
        <button
          type="button"
          disabled={busy || targets.length === 0}
          aria-keyshortcuts={keyshortcut('route')}
          aria-describedby={routeDrafted ? `route-draft-${id}` : undefined}
          onClick={() => setRouting(true)}
        >
          Route
        </button>
        {routeDrafted && (
          <span id={`route-draft-${id}`} className="draft-mark">
            Unsent route reason
          </span>
        )}
        {!closesByDecision && (
          <span className="done-group">
            <button
              type="button"
              disabled={busy || doneReason !== null}
              aria-keyshortcuts={keyshortcut('done')}
              aria-describedby={doneReason === null ? undefined : `done-why-${id}`}
              onClick={done}
            >
              Mark done
            </button>
            {doneReason !== null && (
              <span id={`done-why-${id}`} className="done-why">
                {doneReason}
              </span>
            )}
          </span>
        )}
      </div>
      <div className="action-fields">
        <span className="field">
          <label htmlFor={`assign-${id}`}>Assign to</label>
          <select
            id={`assign-${id}`}
            ref={assignSelect}
            value={assignee}
            aria-keyshortcuts={keyshortcut('assign')}
            disabled={members.length === 0}
            onChange={(e) => setAssignee(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                assign();
              }
            }}
          >
            <option value="">{members.length === 0 ? 'No pool members known' : 'Choose a person…'}</option>
            {members.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
                {m.role === null ? '' : ` (${m.role})`}
              </option>
            ))}
          </select>
          <button type="button" disabled={busy || assignee === ''} onClick={assign}>
            Assign
          </button>
        </span>
        <span className="field">
          <label htmlFor={`priority-${id}`}>Priority</label>
          <select
            id={`priority-${id}`}
            ref={prioritySelect}
            value={priority}
            aria-keyshortcuts={keyshortcut('priority')}
            onChange={(e) => setPriority(e.target.value as Priority)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && priority !== item.priority) {
                e.preventDefault();
                setNewPriority();
              }
            }}
          >
            {[...PRIORITIES].reverse().map((p) => (
              <option key={p} value={p}>
                {PRIORITY_LABELS[p]}
              </option>
            ))}
          </select>
          <button type="button" disabled={busy || priority === item.priority} onClick={setNewPriority}>
            Set priority
          </button>
        </span>
      </div>
      {composer !== null && (
        <Composer
          key={composer}
          ref={composerBox}
          kind={composer}
          itemId={id}
          focusOnOpen={focusComposer}
          text={texts[composer].draft.text}
          onText={(text) => texts[composer].set({ text, choice: '' })}
          quickTexts={composer === 'reply' ? ordered : null}
          fill={fill}
          busy={busy}
          onSend={send}
          onCancel={() => {
            // Cancel on an empty box just closes it; on text it is the "Discard draft" button.
            texts[composer].clear();
            setComposer(null);
            onReturnToList();
          }}
        />
      )}
      {error !== null && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {routing && (
        <RouteDialog
          itemId={id}
          targets={targets}
          onRoute={async (poolId, reason) => {
            // The dialog shows its own failure; closing it returns the focus to the list.
            return act({ id, kind: 'route', payload: { pool: `CareTeam/${poolId}`, reason } }, { quiet: true });
          }}
          onClose={() => {
            setRouting(false);
            onReturnToList();
          }}
        />
      )}
    </section>
  );
});
