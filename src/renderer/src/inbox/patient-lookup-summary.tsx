import type { PatientLookup } from '../../../shared/work-item';

interface Props {
  lookup: PatientLookup;
  /** Moves the list's cursor to a row and gives the list the focus. */
  onJump: (index: number) => void;
}

/** `1984-03-07` → `03/07/1984`, as US staff read a date of birth. */
export const usDate = (iso: string): string => {
  const [y, m, d] = iso.split('-');
  return `${m}/${d}/${y}`;
};

const items = (n: number): string => `${n} item${n === 1 ? '' : 's'}`;

/** One line for a found patient, as the heading of their rows in the list and for a screen reader. */
export const patientHeading = (p: PatientLookup['patients'][number]): string =>
  [p.name, p.birthDate === null ? null : `DOB ${usDate(p.birthDate)}`, `matches ${p.matchedBy}`, items(p.count)]
    .filter((part) => part !== null)
    .join(' · ');

/**
 * Above the list while the search box names patients: how the box was read, the patients found
 * (each a button to the first of their rows, which follow in this order), and how many rows after
 * them are there because their words matched. The list marks where each patient's rows begin.
 */
export function PatientLookupSummary({ lookup, onJump }: Props) {
  const found = lookup.patients.length;
  return (
    <section className="patient-lookup" aria-labelledby="patient-lookup-title">
      <p id="patient-lookup-title" className="patient-lookup-title" role="status">
        {found === 1 ? '1 patient' : `${found} patients`} found by {lookup.readAs}, their items listed first
        {lookup.textMatches > 0 ? `; then ${items(lookup.textMatches)} whose messages or subject hold the words` : ''}.
      </p>
      <ul className="patient-lookup-list">
        {lookup.patients.map((p) => (
          <li key={p.patientId}>
            <button
              type="button"
              className="patient-lookup-patient"
              data-patient-id={p.patientId}
              onClick={() => onJump(p.firstIndex)}
            >
              {patientHeading(p)}
            </button>
          </li>
        ))}
        {lookup.textMatches > 0 && (
          <li>
            <button
              type="button"
              className="patient-lookup-text link-button"
              onClick={() => onJump(lookup.patients.reduce((n, p) => n + p.count, 0))}
            >
              Message matches · {items(lookup.textMatches)}
            </button>
          </li>
        )}
      </ul>
    </section>
  );
}
