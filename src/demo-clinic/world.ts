import { bookAppointment, visitReason } from './charts';
import type { ClinicClock } from './clinic-clock';
import { DAY } from './clinic-clock';
import { canRefill } from './medications';
import { nextSerial } from './model';
import type { AppointmentModel, MedModel, PatientModel, ReferralModel, ReportModel } from './model';
import type { Random } from './random';
import { makeReferral } from './referrals';
import { makeResult } from './results';
import type { Sink } from './sink';

/**
 * What a message may refer to on the patient's chart, made on demand when the chart lacks it (a
 * referral to ask about, an appointment to cancel, a released result to question). Batch
 * generation keeps what it makes on the patient; a live message leaves the roster untouched, so
 * message n is the same whatever was generated before it.
 */
export interface World {
  readonly sink: Sink;
  readonly clock: ClinicClock;
  /** Generation time: nothing may be stamped later. */
  readonly now: number;
  newId(prefix: string, p: PatientModel): string;
  referralFor(rnd: Random, p: PatientModel, at: number): ReferralModel;
  /** A booked visit after `at`, made before it. */
  appointmentFor(rnd: Random, p: PatientModel, at: number): AppointmentModel;
  /** A result released before `at`: one with a flagged value, a normal one, or an imaging report. */
  releasedResultFor(rnd: Random, p: PatientModel, at: number, want: 'flagged' | 'normal' | 'imaging'): ReportModel;
  refillableMed(rnd: Random, p: PatientModel, at: number, which?: (m: MedModel) => boolean): MedModel | null;
}

export function createWorld(
  sink: Sink,
  clock: ClinicClock,
  now: number,
  live: { sequence: string } | null = null,
): World {
  const remember = live === null;
  let local = 0;
  const newId = (prefix: string, p: PatientModel) =>
    live === null ? `${prefix}-${p.id}-${nextSerial(p)}` : `${prefix}-${p.id}-${live.sequence}-${++local}`;
  return {
    sink,
    clock,
    now,
    newId,
    referralFor(rnd, p, at) {
      const open = p.referrals.filter((r) => r.authoredAt < at - 3 * DAY && r.authoredAt > at - 120 * DAY);
      if (open.length > 0 && rnd.chance(0.8)) return rnd.pick(open);
      const authoredAt = at - rnd.int(7, 60) * DAY;
      return makeReferral(rnd, sink, { id: newId('ref', p), patient: p, authoredAt }, remember);
    },
    appointmentFor(rnd, p, at) {
      const upcoming = p.appointments.filter(
        (a) => a.start > at + DAY && a.resource.status === 'booked' && Date.parse(a.resource.created ?? '') < at,
      );
      if (upcoming.length > 0 && rnd.chance(0.8)) return rnd.pick(upcoming);
      return bookAppointment(
        rnd,
        sink,
        clock,
        p,
        {
          id: newId('appt', p),
          createdAt: at - rnd.int(2, 30) * DAY,
          day: clock.local(at).day + rnd.int(2, 21),
          reason: visitReason(rnd, p),
        },
        remember,
      );
    },
    releasedResultFor(rnd, p, at, want) {
      const matches = (r: ReportModel) =>
        want === 'imaging'
          ? r.conclusion !== null
          : r.conclusion === null && (r.flagged !== null) === (want === 'flagged');
      const recent = p.released.filter(
        (r) => r.collectedAt < at - 2 * DAY && r.collectedAt > at - 90 * DAY && matches(r),
      );
      if (recent.length > 0 && rnd.chance(0.7)) return rnd.pick(recent);
      const collectedAt = at - rnd.int(3, 25) * DAY;
      const report = makeResult(
        rnd,
        sink,
        {
          id: newId('dr', p),
          patient: p,
          orderedBy: p.pcm,
          collectedAt,
          resultedAt: collectedAt + rnd.int(6, 40) * 3_600_000,
          held: false,
          severity: want === 'flagged' || (want === 'imaging' && rnd.chance(0.5)) ? 'abnormal' : 'normal',
        },
        want === 'imaging' ? 1 : 0,
      );
      if (remember) p.released.push(report);
      return report;
    },
    refillableMed(rnd, p, at, which = () => true) {
      const candidates = p.meds.filter((m) => canRefill(m, at) && m.writtenAt < at - 14 * DAY && which(m));
      return candidates.length === 0 ? null : rnd.pick(candidates);
    },
  };
}
