import type { Communication } from '@medplum/fhirtypes';
import type { Priority } from '../shared/work-item';
import { DAY, iso } from './clinic-clock';
import { planLifecycle } from './lifecycle';
import { isMaintenance, needsRenewal, prescribe } from './medications';
import type { MedModel, PatientModel } from './model';
import { senderFor } from './patients';
import { renewalDenial, replySlots } from './replies';
import { ref } from './sink';
import { addTask } from './tasks';
import { fill } from './text';
import { RENEWAL_NOTES } from './topics-pharmacy';
import { addThreadItem, ownerFor } from './workload';
import type { Workload } from './workload';

function takeRenewable(w: Workload, at: number): { patient: PatientModel; med: MedModel } | null {
  const { rnd, renewable } = w;
  for (let attempt = 0; attempt < 40 && renewable.length > 0; attempt++) {
    const i = rnd.int(0, renewable.length - 1);
    const candidate = renewable[i] as { patient: PatientModel; med: MedModel };
    const { med } = candidate;
    if (w.requested.has(med.id) || med.resource.status !== 'active') {
      renewable[i] = renewable[renewable.length - 1] as { patient: PatientModel; med: MedModel };
      renewable.pop();
      continue;
    }
    if (needsRenewal(med, at) && med.writtenAt < at - 7 * DAY) return candidate;
  }
  return null;
}

function anyMaintenanceMed(w: Workload, at: number): { patient: PatientModel; med: MedModel } | null {
  for (let attempt = 0; attempt < 40; attempt++) {
    const patient = w.pickPatient(w.rnd);
    const meds = patient.meds.filter((m) => isMaintenance(m) && m.writtenAt < at - 14 * DAY && !w.requested.has(m.id));
    if (meds.length > 0) return { patient, med: w.rnd.pick(meds) };
  }
  return null;
}

/**
 * A renewal request from the portal's form, for one prescription. Mostly for a prescription out of
 * refills or expired; some are refills sent to the wrong place, as in any clinic's queue.
 */
export function addRenewalItem(w: Workload, id: string, at: number): void {
  const { rnd, sink, now, clock } = w;
  const choice = (rnd.chance(0.85) ? takeRenewable(w, at) : null) ?? anyMaintenanceMed(w, at);
  if (choice === null) {
    addThreadItem(w, id, at, 'clinical-question', false);
    return;
  }
  const { patient, med } = choice;
  w.requested.add(med.id);
  const requester = senderFor(rnd, patient);
  const priority: Priority = rnd.chance(0.12) ? 'urgent' : 'routine';
  const prescriber = med.prescriber.pools.includes(patient.team) ? med.prescriber : undefined;
  const plan = planLifecycle(rnd, clock, {
    kind: 'renewal-request',
    priority,
    received: at,
    owner: ownerFor(rnd, patient.team, 'renewal-request', prescriber),
    pace: w.pace,
    emergency: false,
  });
  const noteSlots = { left: String(rnd.int(1, 10)), futureDate: clock.longDate(at + rnd.int(5, 30) * DAY) };
  const note = rnd.chance(0.6) ? fill(rnd.pick(RENEWAL_NOTES), noteSlots, rnd) : undefined;
  let output: { type: string; value: ReturnType<typeof ref> } | undefined;
  if (plan.cancel === null && plan.closeAt <= now) {
    if (plan.outcome === 'completed') {
      const renewed = prescribe(rnd, sink, {
        id: w.world.newId('rx', patient),
        patient,
        template: med.template,
        writtenAt: plan.closeAt,
        now,
        prescriber: plan.owner.role === 'pcm' ? plan.owner : patient.pcm,
        condition: med.condition,
        renews: med,
      });
      med.resource.status = 'completed';
      sink.touch(med.resource, plan.closeAt);
      patient.meds = [...patient.meds.filter((m) => m !== med), renewed];
      output = { type: 'Renewed prescription', value: ref('MedicationRequest', renewed.id) };
    } else {
      const slots = replySlots({ medFull: med.template.name, pcm: patient.pcm.display }, { med }, patient, plan.owner);
      sink.add<Communication>(
        {
          resourceType: 'Communication',
          id: `reply-${id}`,
          status: 'completed',
          category: [{ text: 'Prescription renewal' }],
          basedOn: [ref('Task', id)],
          subject: patient.ref,
          about: [ref('MedicationRequest', med.id, med.template.name)],
          sender: plan.owner.ref,
          recipient: [requester.ref],
          sent: iso(plan.closeAt),
          payload: [{ contentString: renewalDenial(rnd, slots) }],
        },
        plan.closeAt,
      );
    }
  }
  addTask(
    sink,
    {
      id,
      kind: 'renewal-request',
      priority,
      subject: `Renewal: ${med.template.name}`,
      patient,
      requester,
      pool: patient.team,
      focus: ref('MedicationRequest', med.id),
      note,
      plan,
      output,
    },
    now,
  );
  w.truth.set(id, { kind: 'renewal-request', emergency: false, redFlag: null, medicationRequestId: med.id });
}
