import { forwardRef, useImperativeHandle, useState } from 'react';
import type { RenewalReview } from '../../../shared/renewals';
import type { PrescriptionTerms } from '../../../shared/staff-actions';
import type { DecisionHandle } from '../shell/keymap';
import { keyshortcut } from '../shell/keymap';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { useAct } from '../ui/use-act';
import { changedFields, formFromTerms, parseTerms } from './renewal-terms';
import type { TermsField } from './renewal-terms';
import { DenyDialog } from './deny-dialog';
import { PrescriberRouteDialog } from './prescriber-route-dialog';
import { TermsFields, termsFieldId } from './terms-fields';

interface Props {
  itemId: string;
  renewal: RenewalReview;
  /** The desk user's Practitioner id: they are not offered as a prescriber to route to. */
  userId: string | null;
  /** A decision was recorded (or a dialog closed): the list takes the focus back. */
  onReturnToList: () => void;
}

/**
 * The decision on an open renewal. A prescriber approves (as written, or with changes), denies or
 * routes it; anyone else prepares it for a PCM ("pend") or routes it. For a non-prescriber the
 * approve and deny controls are not rendered at all: a disabled button would still suggest it is theirs.
 */
export const RenewalDecision = forwardRef<DecisionHandle, Props>(function RenewalDecision(
  { itemId, renewal, userId, onReturnToList },
  ref,
) {
  const { proposal, canPrescribe } = renewal;
  const [form, setForm] = useState(() => formFromTerms(proposal));
  const [errors, setErrors] = useState<Partial<Record<TermsField, string>>>({});
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState<string | null>(null);
  const [pendTo, setPendTo] = useState('');
  const [dialog, setDialog] = useState<'approve' | 'deny' | 'route' | null>(null);
  /** The terms the approve confirmation names, checked when it opened. */
  const [confirming, setConfirming] = useState<PrescriptionTerms | null>(null);
  const { busy, error, setError, act } = useAct();
  const changed = changedFields(form, proposal);
  const idPrefix = `terms-${itemId}`;
  const noteId = `decision-note-${itemId}`;
  const others = renewal.prescribers.filter((p) => p.id !== userId);
  const titleId = `decision-title-${itemId}`;

  /** The terms, or null after showing what is wrong and moving the focus to the first bad field. */
  const checkedTerms = () => {
    const parsed = parseTerms(form);
    if (parsed.ok) {
      setErrors({});
      return parsed.terms;
    }
    setErrors(parsed.errors);
    const first = (Object.keys(parsed.errors) as TermsField[])[0];
    if (first !== undefined) document.getElementById(termsFieldId(idPrefix, first))?.focus();
    return null;
  };

  /** Approve asks first, whatever started it: the A key, or Enter pressed in one of the fields. */
  const askToApprove = () => {
    const terms = checkedTerms();
    if (terms === null) return;
    setConfirming(terms);
    setDialog('approve');
  };

  useImperativeHandle(ref, () => ({
    decide: (command) => {
      if (command === 'release' || command === 'hold') return 'Release and hold are for results; this is a renewal.';
      if (!canPrescribe) return 'Only a PCM can approve or deny a renewal: pend it for the PCM instead.';
      if (busy || dialog !== null) return null;
      if (command === 'approve') askToApprove();
      else setDialog('deny');
      return null;
    },
  }));

  const submit = async () => {
    const terms = checkedTerms();
    if (terms === null) return;
    const text = note.trim();
    if (!canPrescribe && text === '') {
      setNoteError('Write a note for the PCM: what you checked, and what they should look at.');
      document.getElementById(noteId)?.focus();
      return;
    }
    setNoteError(null);
    const problem = canPrescribe
      ? await act({
          id: itemId,
          kind: 'renew',
          payload: { terms, changed: changed.length > 0, ...(text === '' ? {} : { note: text }) },
        })
      : await act({
          id: itemId,
          kind: 'pend',
          payload: { terms, note: text, ...(pendTo === '' ? {} : { to: `Practitioner/${pendTo}` }) },
        });
    if (problem !== null) return;
    // Pended, the item stays here with the note shown above: the box is ready for the next one.
    setNote('');
    onReturnToList();
  };

  const approveLabel = changed.length > 0 ? 'Approve with changes' : 'Approve';
  return (
    <section className="renewal-decision" aria-labelledby={titleId}>
      <h3 id={titleId}>{canPrescribe ? 'Decision' : 'Prepare for the PCM'}</h3>
      <p className="muted decision-hint">
        {canPrescribe
          ? `Terms start from ${renewal.pended === null ? 'the prior prescription' : 'the pended proposal'}; the new prescription goes to the clinic pharmacy${renewal.prescription.mailOrder ? ' (the old one was filled by mail order)' : ''}.`
          : 'Only a PCM can approve or deny. Propose the terms and pend it: the PCM sees your note and terms.'}
      </p>
      <form
        noValidate
        aria-labelledby={titleId}
        onSubmit={(event) => {
          event.preventDefault();
          // Only the Approve button approves at once; Enter in a field asks first, as the key does.
          const submitter = event.nativeEvent.submitter;
          if (canPrescribe && !submitter?.classList.contains('approve')) askToApprove();
          else void submit();
        }}
      >
        <TermsFields
          idPrefix={idPrefix}
          form={form}
          proposal={proposal}
          changed={changed}
          errors={errors}
          onChange={setForm}
        />
        <div className="terms-field terms-note">
          <label htmlFor={noteId}>
            {canPrescribe ? 'Note (optional, staff only)' : 'Note for the PCM (required, staff only)'}
          </label>
          <textarea
            id={noteId}
            rows={2}
            value={note}
            aria-invalid={noteError === null ? undefined : true}
            aria-describedby={noteError === null ? undefined : `${noteId}-error`}
            onChange={(e) => setNote(e.target.value)}
          />
          {noteError !== null && (
            <span id={`${noteId}-error`} className="terms-error">
              {noteError}
            </span>
          )}
        </div>
        {!canPrescribe && (
          <div className="terms-field">
            <label htmlFor={`pend-to-${itemId}`}>Hand to PCM (optional)</label>
            <select id={`pend-to-${itemId}`} value={pendTo} onChange={(e) => setPendTo(e.target.value)}>
              <option value="">Leave it in the pool</option>
              {renewal.prescribers.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="decision-buttons">
          {canPrescribe ? (
            <>
              <button
                type="submit"
                className="primary approve"
                disabled={busy}
                aria-keyshortcuts={keyshortcut('approve')}
              >
                {approveLabel}
              </button>
              <button
                type="button"
                className="deny"
                disabled={busy}
                aria-keyshortcuts={keyshortcut('deny')}
                onClick={() => setDialog('deny')}
              >
                Deny…
              </button>
            </>
          ) : (
            <button type="submit" className="primary" disabled={busy}>
              Pend for PCM
            </button>
          )}
          <button type="button" disabled={busy || others.length === 0} onClick={() => setDialog('route')}>
            Route to another prescriber…
          </button>
        </div>
      </form>
      {/* A dialog shows its own failure; this one is for the form's. */}
      {error !== null && dialog === null && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {dialog === 'approve' && confirming !== null && (
        <ConfirmDialog
          title={`Approve the renewal of ${renewal.prescription.medication}?`}
          confirmLabel={approveLabel}
          onConfirm={() =>
            act({
              id: itemId,
              kind: 'renew',
              payload: {
                terms: confirming,
                changed: changed.length > 0,
                ...(note.trim() === '' ? {} : { note: note.trim() }),
              },
            })
          }
          onClose={() => {
            setDialog(null);
            setConfirming(null);
            setError(null);
            onReturnToList();
          }}
        >
          <p>
            {changed.length > 0 ? 'With your changes: ' : 'As written: '}
            {confirming.quantity} {confirming.unit}, {confirming.repeats}{' '}
            {confirming.repeats === 1 ? 'refill' : 'refills'}, valid {confirming.validityDays} days. {confirming.dosage}
          </p>
          <p className="muted">The new prescription goes to the clinic pharmacy.</p>
        </ConfirmDialog>
      )}
      {dialog === 'deny' && (
        <DenyDialog
          medication={renewal.prescription.medication}
          onDeny={(reason, reply) => act({ id: itemId, kind: 'deny', payload: { reason, reply } })}
          onClose={() => {
            setDialog(null);
            setError(null);
            onReturnToList();
          }}
        />
      )}
      {dialog === 'route' && (
        <PrescriberRouteDialog
          prescribers={others}
          onRoute={(to, reason) => act({ id: itemId, kind: 'assign', payload: { to: `Practitioner/${to}`, reason } })}
          onClose={() => {
            setDialog(null);
            setError(null);
            onReturnToList();
          }}
        />
      )}
    </section>
  );
});
