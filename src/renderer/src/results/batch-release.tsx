import { useRef, useState } from 'react';
import type { BatchRelease } from '../../../shared/results';
import type { QuickText, WorkItemSummary } from '../../../shared/work-item';
import { unfilledPlaceholders } from '../../../shared/quick-texts';
import { api } from '../ui/api';
import { formatWhen } from '../ui/format';
import { releaseQuickTexts } from './result-words';
import { ModalForm, sendOnCtrlEnter, useModalForm } from '../ui/modal-form';

interface Props {
  /** The rows the results list shows now (with its filters and search). */
  rows: readonly WorkItemSummary[];
  /** Every row of the list is loaded: what the dialog lists is the whole list, not a page of it. */
  complete: boolean;
  quickTexts: readonly QuickText[];
  now: number;
  /** The dialog closed (released or cancelled): the list takes the focus back, never <body>. */
  onDone: () => void;
  /** The desk user's Practitioner id: results claimed by anyone else are not theirs to batch-release. */
  userId: string | null;
}

/**
 * Why a normal, undecided row is still not the batch's: a provider's hold (their documented
 * decision) or another person's claim. Main refuses both too (src/main/results/release-normal.ts).
 */
export function notIncludedReason(row: WorkItemSummary, userId: string | null): string | null {
  if (row.status === 'on-hold') return 'On hold, not included: open it to decide.';
  if (row.claimed && row.ownerId !== null && row.ownerId !== userId) {
    return `Claimed by ${row.ownerName ?? 'someone else'}, not included: theirs to release.`;
  }
  return null;
}

const undecidedNormal = (row: WorkItemSummary) => row.severity === 'normal' && row.syncState === null;

/**
 * The rows batch release may take: those listed whose every value is normal, not decided yet, not
 * on hold and nobody else's.
 */
export function normalRows(rows: readonly WorkItemSummary[], userId: string | null = null): WorkItemSummary[] {
  return rows.filter((row) => undecidedNormal(row) && notIncludedReason(row, userId) === null);
}

/** The normal rows kept out of the batch (on hold, someone else's), each with why: listed apart. */
export function setAsideRows(
  rows: readonly WorkItemSummary[],
  userId: string | null,
): { row: WorkItemSummary; reason: string }[] {
  return rows.flatMap((row) => {
    const reason = undecidedNormal(row) ? notIncludedReason(row, userId) : null;
    return reason === null ? [] : [{ row, reason }];
  });
}

/** A result's subject without the "Result:" every row of the results view would repeat. */
export function resultTest(subject: string): string {
  const rest = subject.replace(/^result\s*[:—–-]\s*/i, '');
  return rest === '' ? subject : rest;
}

/**
 * A quick text as one comment to many patients: the greeting loses the name it cannot have
 * ("Hello {patientName}, your…" → "Hello, your…"); any other gap stays, braces and all, to be
 * filled by the provider (submitting refuses while one is left).
 */
export function batchQuickText(text: string): string {
  return text.replace(/\s*\{patientName\}/g, '');
}

/** The `{placeholders}` still in a comment, which would reach every patient as written. */
export function unfilledGaps(comment: string): string[] {
  return unfilledPlaceholders(comment);
}

const results = (n: number) => `${n} ${n === 1 ? 'result' : 'results'}`;

interface Outcome {
  released: number;
  skipped: { name: string; reason: string }[];
}

/**
 * "Release normal results…": the listed results whose values are all normal, each chosen by a
 * checkbox, with one optional comment to every patient. Main releases each on its own (own outbox
 * and audit rows) and says which it skipped and why; what it answered stays here after the
 * released rows leave the list.
 */
export function BatchReleaseBar({ rows, complete, quickTexts, now, userId, onDone }: Props) {
  const normal = normalRows(rows, userId);
  const setAside = setAsideRows(rows, userId);
  const [confirming, setConfirming] = useState<WorkItemSummary[] | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  return (
    <section className="release-bar" aria-label="Batch release">
      <button
        type="button"
        className="primary"
        disabled={normal.length === 0 || !complete}
        onClick={() => {
          setOutcome(null);
          setConfirming(normal);
        }}
      >
        Release normal results…
      </button>
      <span className="muted">
        {normal.length === 0
          ? 'None listed has every value normal.'
          : `${normal.length} of ${rows.length} listed ${normal.length === 1 ? 'has' : 'have'} every value normal.`}
        {setAside.length > 0 && ` ${setAside.length} normal on hold or claimed by others, not included.`}
      </span>
      <div role="status" className="release-outcome">
        {outcome !== null && (
          <>
            <strong>{outcome.released} released</strong>
            {outcome.skipped.length > 0 && (
              <>
                , {outcome.skipped.length} not released:
                <ul aria-label="Not released">
                  {outcome.skipped.map((s) => (
                    <li key={s.name + s.reason}>
                      {s.name} — {s.reason}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </>
        )}
      </div>
      {confirming !== null && (
        <ReleaseDialog
          items={confirming}
          setAside={setAside}
          quickTexts={releaseQuickTexts(quickTexts)}
          now={now}
          onReleased={setOutcome}
          onClose={() => {
            setConfirming(null);
            onDone();
          }}
        />
      )}
    </section>
  );
}

function ReleaseDialog({
  items,
  setAside,
  quickTexts,
  now,
  onReleased,
  onClose,
}: {
  items: WorkItemSummary[];
  /** Normal results the batch does not take (on hold, someone else's): shown apart, never checkable. */
  setAside: { row: WorkItemSummary; reason: string }[];
  quickTexts: QuickText[];
  now: number;
  onReleased: (outcome: Outcome) => void;
  onClose: () => void;
}) {
  const { dialog, error, setError, busy, run, close } = useModalForm();
  const [chosen, setChosen] = useState<ReadonlySet<string>>(() => new Set(items.map((i) => i.id)));
  const [comment, setComment] = useState('');
  const commentBox = useRef<HTMLTextAreaElement>(null);
  const ids = items.filter((i) => chosen.has(i.id)).map((i) => i.id);

  const nameOf = (id: string) => {
    const row = items.find((i) => i.id === id);
    return row === undefined ? id : `${row.patientName ?? 'Unknown patient'}, ${resultTest(row.subject)}`;
  };
  const toggle = (id: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(id);
    else next.delete(id);
    setChosen(next);
  };
  const insert = (text: string) => {
    const added = batchQuickText(text);
    const next = comment.trim() === '' ? added : `${comment.trimEnd()} ${added}`;
    setComment(next);
    // The provider edits what was inserted: the caret waits at its end.
    requestAnimationFrame(() => {
      const box = commentBox.current;
      box?.focus();
      box?.setSelectionRange(next.length, next.length);
    });
  };
  const submit = async () => {
    if (ids.length === 0) {
      setError('Choose at least one result to release.');
      return;
    }
    const gaps = unfilledGaps(comment);
    if (gaps.length > 0) {
      setError(`Fill in or remove ${gaps.join(', ')} in the comment: every patient would read it as written.`);
      commentBox.current?.focus();
      return;
    }
    const text = comment.trim();
    await run(async () => {
      const answer = await api().releaseNormalResults(text === '' ? { ids } : { ids, comment: text });
      if (!answer.ok) return answer.error.message;
      onReleased(outcomeOf(answer.value, nameOf));
      return null;
    });
  };

  return (
    <ModalForm
      dialog={dialog}
      error={error}
      className="route-dialog release-dialog"
      titleId="release-title"
      onClose={onClose}
      onSubmit={submit}
      buttons={
        <>
          <button type="submit" className="primary" disabled={busy || ids.length === 0}>
            Release {results(ids.length)}
          </button>
          <button type="button" onClick={close}>
            Cancel
          </button>
        </>
      }
    >
      <h2 id="release-title">Release normal results</h2>
      <p className="muted">
        Each is released on its own: the patient sees it in the portal and is notified, and the release is recorded and
        audited.
      </p>
      <fieldset className="release-choices">
        <legend>Results with every value normal</legend>
        <ul className="release-list" aria-label="Results to release">
          {items.map((item, i) => (
            <li key={item.id}>
              <label>
                <input
                  type="checkbox"
                  autoFocus={i === 0}
                  checked={chosen.has(item.id)}
                  onChange={(e) => toggle(item.id, e.target.checked)}
                />
                <strong>{item.patientName ?? 'Unknown patient'}</strong>
                <span className="release-test">{resultTest(item.subject)}</span>
                <span className="release-received">received {formatWhen(item.receivedAt, now)}</span>
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      {setAside.length > 0 && (
        <section className="release-set-aside" aria-labelledby="release-set-aside-title">
          <h3 id="release-set-aside-title">Not included</h3>
          <ul className="release-list" aria-label="Not included">
            {setAside.map(({ row, reason }) => (
              <li key={row.id}>
                <strong>{row.patientName ?? 'Unknown patient'}</strong>
                <span className="release-test">{resultTest(row.subject)}</span>
                <span className="release-why">{reason}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <div className="release-comment">
        <label htmlFor="release-comment">Comment to each patient (optional)</label>
        {quickTexts.length > 0 && (
          <div className="quick-inserts" role="group" aria-label="Insert a quick text">
            <span className="muted">Insert:</span>
            {quickTexts.map((q) => (
              <button key={q.id} type="button" onClick={() => insert(q.text)}>
                {q.label}
              </button>
            ))}
          </div>
        )}
        <textarea
          id="release-comment"
          ref={commentBox}
          rows={4}
          maxLength={4000}
          value={comment}
          placeholder="The same words go to every patient listed, with their result."
          onChange={(e) => setComment(e.target.value)}
          onKeyDown={(event) => sendOnCtrlEnter(submit)(event)}
        />
      </div>
    </ModalForm>
  );
}

/** What main answered, with each skipped result named as the provider confirmed it. */
function outcomeOf(answer: BatchRelease, nameOf: (id: string) => string): Outcome {
  return {
    released: answer.released.length,
    skipped: answer.skipped.map((s) => ({ name: nameOf(s.id), reason: s.reason })),
  };
}
