import { useState } from 'react';
import type { StaffMember } from '../../../shared/work-item';
import { ModalForm, sendOnCtrlEnter, useModalForm } from '../ui/modal-form';

interface Props {
  /** The prescribers it can go to (the desk user left out). */
  prescribers: StaffMember[];
  /** Resolves to main's message, or null once the hand-over is recorded. */
  onRoute: (practitionerId: string, reason: string) => Promise<string | null>;
  onClose: () => void;
}

/** Hand a renewal to another prescriber (the patient's own PCM, a colleague covering), saying why. */
export function PrescriberRouteDialog({ prescribers, onRoute, onClose }: Props) {
  const { dialog, error, setError, busy, run, close } = useModalForm();
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');

  const submit = async () => {
    if (to === '' || reason.trim() === '') {
      setError(to === '' ? 'Choose the prescriber to send it to.' : 'Say why it goes to them: they read it first.');
      return;
    }
    await run(() => onRoute(to, reason.trim()));
  };

  return (
    <ModalForm
      dialog={dialog}
      error={error}
      className="route-dialog renewal-dialog"
      titleId="rx-route-title"
      onClose={onClose}
      onSubmit={submit}
      buttons={
        <>
          <button type="submit" className="primary" disabled={busy}>
            Send to prescriber
          </button>
          <button type="button" onClick={close}>
            Cancel
          </button>
        </>
      }
    >
      <h2 id="rx-route-title">Route to another prescriber</h2>
      <label htmlFor="rx-route-to">Prescriber</label>
      <select id="rx-route-to" autoFocus value={to} onChange={(e) => setTo(e.target.value)}>
        <option value="">Choose a prescriber…</option>
        {prescribers.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
      <label htmlFor="rx-route-reason">Reason</label>
      <textarea
        id="rx-route-reason"
        rows={3}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        onKeyDown={sendOnCtrlEnter(submit)}
      />
    </ModalForm>
  );
}
