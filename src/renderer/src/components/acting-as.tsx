import { useEffect, useState } from 'react';
import type { StaffMember } from '../../../shared/work-item';
import { api } from '../api';
import { roleLabel } from '../renewal-words';

interface Props {
  userName: string | null;
  /** The desk user's Practitioner id (the select's current value). */
  userId: string | null;
  /** Changes when main says the inbox changed: on a first start the roster arrives with the sync. */
  reloadKey: number;
  /** The desk now acts as someone else: everything on screen was theirs, and is re-read. */
  onSwitched: () => void;
}

/**
 * Who this desk acts as: the signed-in user's name. A desk the tests drive on the demo portal
 * without signing in can pick any member of the demo clinic's staff instead.
 */
export function ActingAs({ userName, userId, reloadKey, onSwitched }: Props) {
  const [staff, setStaff] = useState<StaffMember[]>([]);
  const [error, setError] = useState<string | null>(null);
  /** The person picked and not yet switched to; null: the current user. */
  const [choice, setChoice] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    void api()
      .listDemoStaff({})
      .then((result) => {
        if (current && result.ok) setStaff(result.value);
      });
    return () => {
      current = false;
    };
  }, [reloadKey]);

  if (staff.length === 0) {
    return userName === null ? null : <span className="user">Signed in as {userName}</span>;
  }
  const current = userId ?? '';
  const picked = choice !== null && staff.some((s) => s.id === choice) ? choice : current;
  const switchTo = async () => {
    if (picked === current || picked === '') return;
    setError(null);
    const result = await api().actAs({ practitionerId: picked });
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    setChoice(null);
    onSwitched();
  };
  // A separate Switch button: arrow keys on a closed select change its value, and each change
  // would otherwise re-read the whole desk as someone new.
  return (
    <form
      className="acting-as"
      onSubmit={(event) => {
        event.preventDefault();
        void switchTo();
      }}
    >
      <label htmlFor="acting-as">Acting as</label>{' '}
      <select id="acting-as" value={picked} onChange={(e) => setChoice(e.target.value)}>
        {userId === null && <option value="">Nobody</option>}
        {staff.map((s) => {
          const role = roleLabel(s.role);
          return (
            <option key={s.id} value={s.id}>
              {role === null ? s.name : `${s.name} — ${role}`}
            </option>
          );
        })}
      </select>
      {picked !== current && <button type="submit">Switch</button>}
      {error !== null && (
        <span role="alert" className="acting-as-error">
          {error}
        </span>
      )}
    </form>
  );
}
