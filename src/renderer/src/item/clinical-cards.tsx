import type { MedicationSummary, ResultSummary } from '../../../shared/work-item';
import { formatDate, formatWhen } from '../ui/format';

/** FHIR interpretation codes as words: the flag is never colour alone. */
export function flagLabel(flag: string | null): string {
  switch (flag) {
    case 'H':
      return 'High';
    case 'HH':
      return 'Critical high';
    case 'L':
      return 'Low';
    case 'LL':
      return 'Critical low';
    case 'A':
      return 'Abnormal';
    case 'N':
      return 'Normal';
    default:
      return flag ?? '';
  }
}

export const isAbnormal = (flag: string | null) => flag !== null && flag !== 'N';

export function MedicationCard({ medication, title }: { medication: MedicationSummary; title: string }) {
  return (
    <section className="card" aria-label={title}>
      <h3>{title}</h3>
      <p className="card-title">{medication.medication}</p>
      {medication.dosage !== null && <p>{medication.dosage}</p>}
      <dl className="facts">
        <dt>Refills authorized</dt>
        <dd>{medication.refillsAllowed ?? 'unknown'}</dd>
        <dt>Valid until</dt>
        <dd>{formatDate(medication.validUntil)}</dd>
        <dt>Status</dt>
        <dd>{medication.status}</dd>
      </dl>
    </section>
  );
}

export function ReleaseBadge({ held }: { held: boolean }) {
  return held ? (
    <span className="badge held">Not released to patient</span>
  ) : (
    <span className="badge released">Released</span>
  );
}

export function ResultCard({ result, now }: { result: ResultSummary; now: number }) {
  return (
    <section className="card" aria-label="Result">
      <h3>
        {result.name} <ReleaseBadge held={result.held} />
      </h3>
      <p className="muted">Issued {formatWhen(result.issuedAt, now)}</p>
      <table className="results">
        <thead>
          <tr>
            <th scope="col">Test</th>
            <th scope="col">Value</th>
            <th scope="col">Flag</th>
          </tr>
        </thead>
        <tbody>
          {result.observations.map((o) => (
            <tr key={o.name} className={isAbnormal(o.flag) ? 'abnormal' : undefined}>
              <td>{o.name}</td>
              <td>{o.value}</td>
              <td>{flagLabel(o.flag)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
