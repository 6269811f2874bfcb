import { forwardRef } from 'react';
import type { MedicationSummary, PatientContext, ResultSummary, WorkItemDetail } from '../../../shared/work-item';
import { ageFrom, formatDate, formatWhen } from '../format';
import { DueCell, PriorityBadge, SyncStateBadge, TypeLabel, statusLabel } from './badges';
import { ItemActions } from './item-actions';

interface Props {
  detail: WorkItemDetail | null;
  error: string | null;
  now: number;
}

/** The right-hand pane: the whole item and the patient's context, without leaving the inbox. */
export const ItemDetail = forwardRef<HTMLElement, Props>(function ItemDetail({ detail, error, now }, ref) {
  if (error !== null) {
    return (
      <section className="detail" ref={ref} tabIndex={-1} aria-label="Work item">
        <p role="alert" className="error">
          {error}
        </p>
      </section>
    );
  }
  if (detail === null) {
    return (
      <section className="detail empty-detail" ref={ref} tabIndex={-1} aria-label="Work item">
        <p>Select an item to see it here.</p>
      </section>
    );
  }
  const { item } = detail;
  return (
    <section className="detail" ref={ref} tabIndex={-1} aria-labelledby="detail-subject">
      <header className="detail-header">
        <div className="detail-badges">
          <PriorityBadge priority={item.priority} />
          <TypeLabel workType={item.workType} />
          <span className={`status status-${item.status}`}>{statusLabel(item.status)}</span>
          <SyncStateBadge state={item.syncState} />
        </div>
        <h2 id="detail-subject">{item.subject}</h2>
        <dl className="facts">
          <dt>Due</dt>
          <dd>
            <DueCell dueAt={item.dueAt} now={now} />
          </dd>
          <dt>Received</dt>
          <dd>{formatWhen(item.receivedAt, now)}</dd>
          <dt>Pool</dt>
          <dd>{item.poolName ?? '—'}</dd>
          <dt>Owner</dt>
          <dd>{item.claimed ? `Claimed by ${item.ownerName ?? 'a staff member'}` : 'Unclaimed'}</dd>
        </dl>
      </header>
      <ItemActions key={item.id} item={item} />
      {detail.patient !== null && <PatientBanner patient={detail.patient} now={now} />}
      {detail.description !== null && <p className="note">{detail.description}</p>}
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
      {detail.medication !== null && <MedicationCard medication={detail.medication} title="Requested renewal" />}
      {detail.result !== null && <ResultCard result={detail.result} now={now} />}
      {detail.patient !== null && (
        <section aria-label="Active medications" className="context">
          <h3>Active medications</h3>
          {detail.patient.activeMedications.length === 0 ? (
            <p className="muted">None on file.</p>
          ) : (
            <ul className="med-list">
              {detail.patient.activeMedications.map((m) => (
                <li key={m.id}>
                  <strong>{m.medication}</strong>
                  {m.dosage !== null && <span className="muted"> — {m.dosage}</span>}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </section>
  );
});

function PatientBanner({ patient, now }: { patient: PatientContext; now: number }) {
  const age = ageFrom(patient.birthDate, now);
  return (
    <section className="patient" aria-label="Patient">
      <h3 className="patient-name">{patient.name}</h3>
      <p className="patient-facts">
        {[
          age,
          patient.gender,
          patient.beneficiaryCategory,
          patient.region === null ? null : `${patient.region} region`,
          patient.birthDate === null ? null : `DOB ${patient.birthDate}`,
        ]
          .filter((part) => part !== null)
          .join(' · ')}
      </p>
    </section>
  );
}

function MedicationCard({ medication, title }: { medication: MedicationSummary; title: string }) {
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

function ResultCard({ result, now }: { result: ResultSummary; now: number }) {
  return (
    <section className="card" aria-label="Result">
      <h3>
        {result.name}{' '}
        {result.held ? (
          <span className="badge held">Not released to patient</span>
        ) : (
          <span className="badge released">Released</span>
        )}
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
            <tr key={o.name} className={o.flag !== null && o.flag !== 'N' ? 'abnormal' : undefined}>
              <td>{o.name}</td>
              <td>{o.value}</td>
              <td>{o.flag === 'H' ? 'High' : o.flag === 'L' ? 'Low' : o.flag === 'N' ? 'Normal' : (o.flag ?? '')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
