import type { Communication } from '@medplum/fhirtypes';
import type { Priority } from '../shared/work-item';
import { DAY, MINUTE, iso } from './clinic-clock';
import { planLifecycle } from './lifecycle';
import { ageAt } from './model';
import { resultNotice } from './replies';
import { addResultHistory } from './result-history';
import { SEVERITY, makeResult, release } from './results';
import { ref } from './sink';
import { CLINIC_NAME, MTF_ID, STAFF, teamOf } from './staff';
import { addTask } from './tasks';
import { ownerFor } from './workload';
import type { Workload } from './workload';

/**
 * A result back from the lab or radiology, held (NOPAT) until the ordering PCM's team releases it.
 * Released by `now`: the label is gone and the patient got a "New Result" notice.
 */
export function addResultItem(w: Workload, id: string, at: number): void {
  const { rnd, sink, now, clock } = w;
  let patient = w.pickPatient(rnd);
  // Adults have far more blood drawn than children do.
  for (let i = 0; i < 4 && (ageAt(patient, at) < 18 ? rnd.chance(0.7) : false); i++) patient = w.pickPatient(rnd);
  const orderedBy = rnd.chance(0.85) ? patient.pcm : rnd.pick(STAFF.filter((s) => s.role === 'pcm'));
  const team = teamOf(orderedBy);
  const report = makeResult(rnd, sink, {
    id: w.world.newId('dr', patient),
    patient,
    orderedBy,
    collectedAt: Math.max(patient.birthMs + DAY, at - rnd.int(4 * 60, 72 * 60) * MINUTE),
    resultedAt: at,
    held: true,
    severity: SEVERITY(rnd),
  });
  addResultHistory(sink, report, patient);
  const priority: Priority =
    report.severity === 'critical' ? 'asap' : report.severity === 'abnormal' && rnd.chance(0.25) ? 'urgent' : 'routine';
  const plan = planLifecycle(rnd, clock, {
    kind: 'result-release',
    priority,
    received: at,
    owner: ownerFor(rnd, team, 'result-release', orderedBy),
    pace: w.pace,
    emergency: false,
  });
  let output: { type: string; value: ReturnType<typeof ref> } | undefined;
  if (plan.closeAt <= now) {
    release(sink, report, plan.closeAt);
    patient.released.push(report);
    const notice = sink.add<Communication>(
      {
        resourceType: 'Communication',
        id: `notice-${id}`,
        status: 'completed',
        category: [{ text: 'Result notification' }],
        subject: patient.ref,
        about: [ref('DiagnosticReport', report.id, report.name)],
        sender: ref('Organization', MTF_ID, CLINIC_NAME),
        recipient: [patient.ref],
        sent: iso(plan.closeAt),
        payload: [{ contentString: resultNotice(report.name) }],
      },
      plan.closeAt,
    );
    output = { type: 'Result notification', value: ref('Communication', notice.id ?? '') };
  }
  addTask(
    sink,
    {
      id,
      kind: 'result-release',
      priority,
      subject: `Result: ${report.name}`,
      patient,
      requester: null,
      pool: team,
      focus: ref('DiagnosticReport', report.id),
      plan,
      output,
    },
    now,
  );
  w.truth.set(id, { kind: 'result-release', emergency: false, redFlag: null, reportId: report.id });
}
