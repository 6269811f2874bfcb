import type { Communication, DiagnosticReport, MedicationRequest, Patient, ServiceRequest } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { OPEN_STATUSES } from '../shared/work-item';
import type { TaskStatus } from '../shared/work-item';
import { NO_PATIENT_ACCESS, REFERRAL_NUMBER_SYSTEM, TASK_POOL_EXT, TRICARE_REGION_EXT } from '../domain/fhir/codes';
import { medicationByName } from './formulary';
import { generateClinic } from './generate';
import { STAFF, teamOf } from './staff';
import { danglingReferences, duplicateKeys, index, ofType } from './test-support/resource-graph';
import { RED_FLAG_SHARE, THREAD_KINDS, WORKLOAD_MIX, WORK_KINDS } from './work-kinds';

/** The `clinic` size, generated once: 5,000 work items over 60 days. */
const NOW = new Date('2026-11-27T15:00:00Z');
const now = NOW.getTime();
const DAY = 86_400_000;
const clinic = generateClinic({ seed: 11, now: NOW, size: 'clinic' });
const all = index(clinic.resources);
const tasks = ofType(clinic.resources, 'Task');
const truth = (id: string | undefined) => clinic.truth.get(id ?? '');
const get = <T>(reference: string | undefined) => all.get(reference ?? '') as T;
const held = (r: { meta?: { security?: { code?: string }[] } }) =>
  r.meta?.security?.some((s) => s.code === NO_PATIENT_ACCESS) === true;
const firstMessage = (taskId: string | undefined) => get<Communication>(`Communication/msg-${taskId ?? ''}-1`);
const ageAt = (patient: Patient, at: number) => (at - Date.parse(patient.birthDate ?? '')) / (365.25 * DAY);

describe('the clinic size', () => {
  it('spreads 5,000 items over 60 days, with the older ones long since done', () => {
    expect(tasks).toHaveLength(5000);
    expect(duplicateKeys(clinic.resources)).toEqual([]);
    expect(danglingReferences(clinic.resources)).toEqual([]);
    const received = tasks.map((t) => Date.parse(t.authoredOn ?? ''));
    expect(Math.min(...received)).toBeGreaterThanOrEqual(now - 60 * DAY);
    expect(Math.min(...received)).toBeLessThan(now - 55 * DAY);
    const older = tasks.filter((t) => Date.parse(t.authoredOn ?? '') < now - 7 * DAY);
    const stillOpen = older.filter((t) => OPEN_STATUSES.includes(t.status as TaskStatus));
    expect(stillOpen.length / older.length).toBeLessThan(0.03);
    expect(tasks.some((t) => t.status === 'rejected')).toBe(true);
    expect(tasks.some((t) => t.status === 'cancelled')).toBe(true);
  });

  it('keeps the workload mix close to the design', () => {
    const counts = new Map<string, number>();
    for (const t of clinic.truth.values()) counts.set(t.kind, (counts.get(t.kind) ?? 0) + 1);
    for (const kind of WORK_KINDS) {
      expect(Math.abs((counts.get(kind) ?? 0) / tasks.length - WORKLOAD_MIX[kind]), kind).toBeLessThan(0.02);
    }
    const priorities = new Set(tasks.map((t) => t.priority));
    expect(priorities).toEqual(new Set(['routine', 'urgent', 'asap', 'stat']));
    expect(tasks.filter((t) => t.priority === 'routine').length / tasks.length).toBeGreaterThan(0.75);
  });

  it('writes ~2.5% of messages with emergency wording, fewer than half of them real emergencies', () => {
    const threads = [...clinic.truth.values()].filter((t) => THREAD_KINDS.includes(t.kind));
    const flagged = threads.filter((t) => t.redFlag !== null);
    expect(flagged.length / threads.length).toBeGreaterThan(RED_FLAG_SHARE * 0.6);
    expect(flagged.length / threads.length).toBeLessThan(RED_FLAG_SHARE * 1.5);
    const mentions = new Set(flagged.map((t) => t.redFlag?.mention));
    expect(mentions).toEqual(new Set(['current', 'negated', 'historical', 'family', 'education', 'form']));
    const topics = new Set(flagged.filter((t) => !t.emergency).map((t) => t.redFlag?.topic));
    for (const topic of ['chest-pain', 'stroke', 'suicide']) expect(topics).toContain(topic);
    // Emergencies come from many families, a few inside a refill, records or appointment request.
    const emergencies = flagged.filter((t) => t.emergency);
    expect(new Set(emergencies.map((t) => t.redFlag?.topic)).size).toBeGreaterThanOrEqual(8);
    expect(emergencies.length / threads.length).toBeLessThan(0.01);
    for (const [id, t] of clinic.truth) {
      expect(t.emergency).toBe(t.redFlag?.mention === 'current');
      const task = get<{ priority?: string; extension?: { url: string; valueReference?: { reference?: string } }[] }>(
        `Task/${id}`,
      );
      if (t.emergency) {
        expect(task.priority).toBe('stat');
        expect(THREAD_KINDS).toContain(t.kind);
        // Whatever was asked around it, the emergency is the nurses'.
        const pool = task.extension?.find((e) => e.url === TASK_POOL_EXT)?.valueReference?.reference;
        expect(pool).toBe('CareTeam/pool-nursing');
      } else expect(task.priority).not.toBe('stat');
    }
    const lookAlikes = flagged.filter((t) => !t.emergency).length;
    expect(lookAlikes).toBeGreaterThan(flagged.length / 2);
  });

  it('includes each kind of look-alike, in the words themselves', () => {
    const textsOf = (mention: string) =>
      [...clinic.truth]
        .filter(([, t]) => t.redFlag?.mention === mention)
        .map(([id]) => firstMessage(id).payload?.[0]?.contentString?.toLowerCase() ?? '');
    const eachSays = (mention: string, words: RegExp) => {
      const texts = textsOf(mention);
      expect(texts.length, mention).toBeGreaterThan(0);
      for (const t of texts) expect(t, mention).toMatch(words);
    };
    eachSays('negated', /\b(no|not|never|without)\b|n't/);
    eachSays('family', /\b(mom|mother|father|dad|brother|sister|grandfather|grandmother|uncle|aunt|coworker|friend)\b/);
    eachSays('historical', /\b(19|20)\d\d\b|\b(last|ago|had|was|were|went)\b/);
    eachSays('education', /\?/);
    expect(textsOf('form').length).toBeGreaterThan(0);
    expect(textsOf('negated').some((t) => t.includes('no chest pain'))).toBe(true);
    expect(textsOf('family').some((t) => /(father|mother|grandfather) had a stroke/.test(t))).toBe(true);
  });

  it('asks for renewals of prescriptions out of refills or expired, mostly, and refills of ones that have them', () => {
    const renewals = tasks.filter((t) => truth(t.id)?.kind === 'renewal-request');
    const due = renewals.filter((t) => {
      const med = get<MedicationRequest>(t.focus?.reference);
      const expired = Date.parse(med.dispenseRequest?.validityPeriod?.end ?? '') < Date.parse(t.authoredOn ?? '');
      return med.dispenseRequest?.numberOfRepeatsAllowed === 0 || expired;
    });
    expect(due.length / renewals.length).toBeGreaterThan(0.7);
    expect(due.length).toBeLessThan(renewals.length);
    // A refill request with an emergency in it goes to the nurses (checked above), not the pharmacy.
    const refills = [...clinic.truth].filter(([, t]) => t.kind === 'refill-request' && !t.emergency);
    expect(refills.length).toBeGreaterThan(200);
    for (const [id, t] of refills) {
      const med = get<MedicationRequest>(`MedicationRequest/${t.medicationRequestId ?? ''}`);
      const at = Date.parse(get<{ authoredOn?: string }>(`Task/${id}`).authoredOn ?? '');
      expect(med.dispenseRequest?.numberOfRepeatsAllowed).toBeGreaterThan(0);
      expect(Date.parse(med.dispenseRequest?.validityPeriod?.end ?? '')).toBeGreaterThan(at);
      expect(
        get<{ extension?: { url: string; valueReference?: { reference?: string } }[] }>(`Task/${id}`).extension,
      ).toEqual([{ url: TASK_POOL_EXT, valueReference: { reference: 'CareTeam/pool-pharmacy', display: 'Pharmacy' } }]);
    }
  });

  it('renews an approved prescription with a new one that points back at it', () => {
    const approved = tasks.filter((t) => truth(t.id)?.kind === 'renewal-request' && t.status === 'completed');
    expect(approved.length).toBeGreaterThan(100);
    const renewedSince = new Set(
      ofType(clinic.resources, 'MedicationRequest').map((m) => m.priorPrescription?.reference),
    );
    for (const t of approved) {
      const renewed = get<MedicationRequest>(t.output?.[0]?.valueReference?.reference);
      expect(renewed.priorPrescription?.reference).toBe(t.focus?.reference);
      // A renewed prescription may itself have been renewed again since.
      const renewedAgain = renewedSince.has(`MedicationRequest/${renewed.id ?? ''}`);
      expect(renewed.status).toBe(renewedAgain ? 'completed' : 'active');
      expect(get<MedicationRequest>(t.focus?.reference).status).toBe('completed');
    }
  });

  it('holds results awaiting release with NOPAT on the report and its observations, and releases the rest', () => {
    const results = tasks.filter((t) => truth(t.id)?.kind === 'result-release');
    let critical = 0;
    let abnormal = 0;
    for (const t of results) {
      const report = get<DiagnosticReport>(t.focus?.reference);
      const observations = (report.result ?? []).map((r) =>
        get<{ meta?: { security?: { code?: string }[] } }>(r.reference),
      );
      const waiting = t.status !== 'completed';
      expect(held(report)).toBe(waiting);
      for (const o of observations) expect(held(o)).toBe(waiting);
      const flags = (report.result ?? []).map(
        (r) =>
          get<{ interpretation?: { coding?: { code?: string }[] }[] }>(r.reference).interpretation?.[0]?.coding?.[0]
            ?.code,
      );
      if (flags.some((f) => f === 'HH' || f === 'LL')) critical++;
      else if (flags.some((f) => f === 'H' || f === 'L')) abnormal++;
      // The ordering PCM's team owns the release.
      const order = get<ServiceRequest>(report.basedOn?.[0]?.reference);
      const orderer = STAFF.find((s) => `Practitioner/${s.id}` === order.requester?.reference);
      expect(orderer?.role).toBe('pcm');
      const pool = t.extension?.[0]?.valueReference?.reference;
      expect(pool).toBe(`CareTeam/pool-${orderer === undefined ? '' : teamOf(orderer)}`);
      if (!waiting) {
        const notice = get<Communication>(t.output?.[0]?.valueReference?.reference);
        expect(notice.about?.[0]?.reference).toBe(t.focus?.reference);
      }
    }
    expect(critical).toBeGreaterThan(5);
    expect(abnormal).toBeGreaterThan(100);
    expect(results.some((t) => t.status !== 'completed')).toBe(true);
    const imaging = ofType(clinic.resources, 'DiagnosticReport').filter(
      (r) => r.category?.[0]?.coding?.[0]?.code === 'RAD',
    );
    expect(imaging.length).toBeGreaterThan(10);
    for (const r of imaging) {
      expect(r.conclusion).toBeTruthy();
      expect(r.result).toBeUndefined();
    }
  });

  it('prescribes only what suits the patient’s age, sex and allergies, for a problem on their list', () => {
    const allergies = ofType(clinic.resources, 'AllergyIntolerance');
    const penicillinAllergic = new Set(
      allergies
        .filter((a) => ['Penicillin', 'Amoxicillin'].includes(a.code?.text ?? ''))
        .map((a) => a.patient.reference),
    );
    for (const med of ofType(clinic.resources, 'MedicationRequest')) {
      const template = medicationByName(med.medicationCodeableConcept?.text ?? '');
      expect(template, med.medicationCodeableConcept?.text).toBeDefined();
      const patient = get<Patient>(med.subject.reference);
      const age = ageAt(patient, Date.parse(med.authoredOn ?? ''));
      expect(age).toBeGreaterThanOrEqual(template?.minAge ?? 0);
      if (template?.maxAge !== undefined) expect(Math.floor(age)).toBeLessThanOrEqual(template.maxAge);
      if (template?.sex !== undefined) expect(patient.gender).toBe(template.sex);
      if (template?.avoidIf === 'penicillin') expect(penicillinAllergic.has(med.subject.reference)).toBe(false);
      const reason = med.reasonReference?.[0]?.reference;
      if (template?.acute === true) expect(med.reasonCode?.[0]?.text).toBeTruthy();
      else expect(get<{ subject?: { reference?: string } }>(reason).subject?.reference).toBe(med.subject.reference);
    }
    expect(allergies.some((a) => a.code?.text === 'NKDA')).toBe(true);
    expect(allergies.some((a) => a.code?.text !== 'NKDA')).toBe(true);
  });

  it('files civilian referrals with the contractor of the patient’s region', () => {
    const referrals = [...clinic.truth].filter(([, t]) => t.kind === 'referral-status');
    expect(referrals.length).toBeGreaterThan(200);
    const regions = new Set<string>();
    for (const [id, t] of referrals) {
      const referral = get<ServiceRequest>(`ServiceRequest/${t.referralId ?? ''}`);
      const patient = get<Patient>(referral.subject.reference);
      const region = patient.extension?.find((e) => e.url === TRICARE_REGION_EXT)?.valueCode ?? '';
      regions.add(region);
      const number = referral.identifier?.find((i) => i.system === REFERRAL_NUMBER_SYSTEM);
      const [right, wrong] = region === 'East' ? ['Humana', 'TriWest'] : ['TriWest', 'Humana'];
      expect(number?.assigner?.display).toContain(right);
      const text = firstMessage(id).payload?.[0]?.contentString ?? '';
      expect(text).not.toContain(wrong);
      expect(get<{ basedOn?: { reference?: string }[] }>(`Task/${id}`).basedOn?.[0]?.reference).toBe(
        `ServiceRequest/${referral.id ?? ''}`,
      );
    }
    expect(regions).toEqual(new Set(['East', 'West']));
  });

  it('varies the wording: thousands of messages, hardly any twice', () => {
    const bodies = [...clinic.truth]
      .filter(([, t]) => THREAD_KINDS.includes(t.kind))
      .map(([id]) => firstMessage(id).payload?.[0]?.contentString ?? '');
    expect(new Set(bodies).size / bodies.length).toBeGreaterThan(0.9);
    // Replies, follow-ups, hold questions and notices too: no template syntax or missing value left over.
    for (const c of ofType(clinic.resources, 'Communication')) {
      for (const p of c.payload ?? []) expect(p.contentString).not.toMatch(/[[\]{}]|undefined|NaN/);
    }
  });

  it('gives patients past visits and some a booked appointment', () => {
    const encounters = ofType(clinic.resources, 'Encounter');
    expect(encounters.every((e) => e.status === 'finished' && Date.parse(e.period?.end ?? '') < now)).toBe(true);
    const seen = new Set(encounters.map((e) => e.subject?.reference));
    expect(seen.size / ofType(clinic.resources, 'Patient').length).toBeGreaterThan(0.9);
    const upcoming = ofType(clinic.resources, 'Appointment').filter(
      (a) => a.status === 'booked' && Date.parse(a.start ?? '') > now,
    );
    expect(upcoming.length).toBeGreaterThan(200);
    expect(ofType(clinic.resources, 'Appointment').some((a) => a.status === 'cancelled')).toBe(true);
  });
});
