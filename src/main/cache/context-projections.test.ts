import { describe, expect, it } from 'vitest';
import { POOL_LEAD_CODE, STAFF_ROLE_SYSTEM } from '../../domain/fhir/codes';
import { allergyRow, appointmentVisitRow, encounterVisitRow, problemRow } from './context-projections';
import { poolRows } from './projections';

describe('chart projections', () => {
  it('reads an allergy: substance, criticality, the first reaction, clinical status', () => {
    expect(
      allergyRow({
        resourceType: 'AllergyIntolerance',
        id: 'allergy-1',
        patient: { reference: 'Patient/pat-1' },
        clinicalStatus: { coding: [{ code: 'active' }] },
        criticality: 'high',
        code: { coding: [{ code: '7980', display: 'Penicillin G' }] },
        reaction: [{ manifestation: [{ text: 'Hives' }] }, { manifestation: [{ text: 'Wheezing' }] }],
      }),
    ).toEqual({
      id: 'allergy-1',
      patient_id: 'pat-1',
      substance: 'Penicillin G',
      criticality: 'high',
      reaction: 'Hives',
      clinical_status: 'active',
    });
  });

  it('reads a problem with an onset as a date-time or as words', () => {
    const base = { resourceType: 'Condition', id: 'cond-1', subject: { reference: 'Patient/pat-1' } } as const;
    expect(
      problemRow({ ...base, code: { text: 'Essential hypertension' }, onsetDateTime: '2024-03-01T00:00:00Z' }),
    ).toMatchObject({ name: 'Essential hypertension', onset: '2024-03-01T00:00:00Z', clinical_status: null });
    expect(problemRow({ ...base, onsetString: 'childhood' })).toMatchObject({
      name: 'Unnamed problem',
      onset: 'childhood',
    });
  });

  it('reads a past encounter and a booked appointment as visits', () => {
    expect(
      encounterVisitRow({
        resourceType: 'Encounter',
        id: 'enc-1',
        status: 'finished',
        class: { code: 'AMB' },
        subject: { reference: 'Patient/pat-1' },
        type: [{ text: 'Annual physical' }],
        period: { start: '2026-10-01T13:00:00Z' },
        participant: [{ individual: { reference: 'Practitioner/pcm-reyes', display: 'Dr. Alicia Reyes' } }],
      }),
    ).toEqual({
      id: 'enc-1',
      resource_type: 'Encounter',
      patient_id: 'pat-1',
      start_at: Date.parse('2026-10-01T13:00:00Z'),
      status: 'finished',
      description: 'Annual physical',
      clinician: 'Dr. Alicia Reyes',
    });
    expect(
      appointmentVisitRow({
        resourceType: 'Appointment',
        id: 'appt-1',
        status: 'booked',
        serviceType: [{ text: 'Primary care' }],
        start: '2026-12-01T14:00:00Z',
        participant: [
          { actor: { reference: 'Practitioner/pcm-reyes', display: 'Dr. Alicia Reyes' }, status: 'accepted' },
          { actor: { reference: 'Patient/pat-1' }, status: 'accepted' },
        ],
      }),
    ).toEqual({
      id: 'appt-1',
      resource_type: 'Appointment',
      patient_id: 'pat-1',
      start_at: Date.parse('2026-12-01T14:00:00Z'),
      status: 'booked',
      description: 'Primary care',
      clinician: 'Dr. Alicia Reyes',
    });
  });
});

describe('pool leads', () => {
  const leadRole = [{ coding: [{ system: STAFF_ROLE_SYSTEM, code: POOL_LEAD_CODE }] }];

  it('flags the member whose role is pool lead, once per person', () => {
    const { members } = poolRows({
      resourceType: 'CareTeam',
      id: 'pool-nursing',
      participant: [
        { member: { reference: 'Practitioner/rn-osei' } },
        { member: { reference: 'Practitioner/rn-harper' } },
        { member: { reference: 'Practitioner/rn-harper' }, role: leadRole },
        { member: { reference: 'Organization/mtf' }, role: leadRole },
        { member: { reference: 'Practitioner/rn-delgado' }, role: [{ coding: [{ code: POOL_LEAD_CODE }] }] },
      ],
    });
    expect(members).toEqual([
      { id: 'rn-osei', lead: false },
      { id: 'rn-harper', lead: true },
      { id: 'rn-delgado', lead: false },
    ]);
  });
});
