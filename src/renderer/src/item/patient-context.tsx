import type { ReactNode } from 'react';
import type { BeneficiaryCategory, PatientContext, VisitSummary } from '../../../shared/work-item';
import { ageFrom, formatDate } from '../ui/format';
import { flagLabel, isAbnormal } from './clinical-cards';

const CATEGORY_WORDS: Record<BeneficiaryCategory, string> = {
  ADSM: 'Active duty service member',
  ADFM: 'Active duty family member',
  RET: 'Retiree',
  RETFM: 'Retiree family member',
  NGR: 'National Guard / Reserve',
  OTHER: 'Other',
};

function Part({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="context-part" aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      {children}
    </section>
  );
}

/** A part's list, or one line saying there is nothing on file. */
function OnFile<T extends { id: string }>({
  items,
  empty = 'None on file.',
  render,
}: {
  items: readonly T[];
  empty?: string;
  render: (item: T) => ReactNode;
}) {
  if (items.length === 0) return <p className="muted">{empty}</p>;
  return <ul className="plain-list">{items.map(render)}</ul>;
}

/** An onset recorded as an instant reads as its date: the hour a condition began is noise here. */
const onsetDate = (onset: string) => (/^\d{4}-\d{2}-\d{2}T/.test(onset) ? onset.slice(0, 10) : onset);

const visitLine = (visit: VisitSummary) =>
  [formatDate(visit.startAt), visit.description, visit.clinician]
    .filter((part) => part !== null && part !== '—')
    .join(' · ');

/**
 * What a nurse looks up before answering, beside the thread: allergies first (a reply may suggest
 * a medicine), then medications, problems, results, visits and enrollment.
 */
export function PatientContextPanel({ patient, now }: { patient: PatientContext; now: number }) {
  const age = ageFrom(patient.birthDate, now);
  return (
    <section className="patient-context" aria-label="Patient">
      <div className="patient">
        <h3 className="patient-name">{patient.name}</h3>
        <p className="patient-facts">
          {[age, patient.gender, patient.birthDate === null ? null : `DOB ${patient.birthDate}`]
            .filter((part) => part !== null)
            .join(' · ')}
        </p>
      </div>
      <Part id="ctx-allergies" title="Allergies">
        <OnFile
          items={patient.allergies}
          empty="No allergies on file."
          render={(a) => (
            <li key={a.id} className={a.criticality === 'high' ? 'critical' : undefined}>
              <strong>{a.substance}</strong>
              {a.criticality !== null && (
                <span className={`criticality criticality-${a.criticality}`}> · {a.criticality} criticality</span>
              )}
              {a.reaction !== null && <span className="muted"> · {a.reaction}</span>}
            </li>
          )}
        />
      </Part>
      <Part id="ctx-medications" title="Active medications">
        <OnFile
          items={patient.activeMedications}
          render={(m) => (
            <li key={m.id}>
              <strong>{m.medication}</strong>
              {m.dosage !== null && <span className="muted"> — {m.dosage}</span>}
            </li>
          )}
        />
      </Part>
      <Part id="ctx-problems" title="Problems">
        <OnFile
          items={patient.problems}
          render={(p) => (
            <li key={p.id}>
              {p.name}
              {p.onset !== null && <span className="muted"> · since {onsetDate(p.onset)}</span>}
            </li>
          )}
        />
      </Part>
      <Part id="ctx-results" title="Recent results">
        <OnFile
          items={patient.recentResults}
          render={(r) => {
            const flagged = r.observations.filter((o) => isAbnormal(o.flag));
            return (
              <li key={r.id}>
                <strong>{r.name}</strong> <span className="muted">{formatDate(r.issuedAt)}</span>
                {r.held && <span className="muted"> · not released</span>}
                {flagged.length === 0 ? (
                  <span className="muted"> · no abnormal values</span>
                ) : (
                  <ul className="flags">
                    {flagged.map((o) => (
                      <li key={o.name} className="abnormal">
                        {o.name} {o.value} <strong>{flagLabel(o.flag)}</strong>
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            );
          }}
        />
      </Part>
      <Part id="ctx-visits" title="Visits">
        <dl className="facts">
          <dt>Last</dt>
          <dd>{patient.lastVisit === null ? 'None on file' : visitLine(patient.lastVisit)}</dd>
          <dt>Next</dt>
          <dd>{patient.nextVisit === null ? 'None booked' : visitLine(patient.nextVisit)}</dd>
        </dl>
      </Part>
      <Part id="ctx-enrollment" title="Enrollment">
        <dl className="facts">
          <dt>Category</dt>
          <dd>
            {patient.beneficiaryCategory === null
              ? 'Unknown'
              : `${patient.beneficiaryCategory} (${CATEGORY_WORDS[patient.beneficiaryCategory]})`}
          </dd>
          <dt>TRICARE region</dt>
          <dd>{patient.region ?? 'Unknown'}</dd>
        </dl>
      </Part>
    </section>
  );
}
