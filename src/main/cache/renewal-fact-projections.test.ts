import type { MedicationDispense, Observation, Resource } from '@medplum/fhirtypes';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOINC, UCUM } from '../../domain/fhir/codes';
import { openTestDatabase } from '../db/test-database';
import { medicationDispenseRow, observationRow } from './projections';
import { storeResources } from './store-resources';

type TestDb = Awaited<ReturnType<typeof openTestDatabase>>;
let cache: TestDb;
beforeEach(async () => {
  cache = await openTestDatabase();
});
afterEach(() => cache.dispose());

const meta = (version = '1') => ({ versionId: version, lastUpdated: '2026-11-20T10:00:00.000Z' });
const store = (resources: Resource[]) => cache.db.transaction().execute((trx) => storeResources(trx, resources));

const fill = (overrides: Partial<MedicationDispense> = {}): MedicationDispense & { id: string } => ({
  resourceType: 'MedicationDispense',
  id: 'fill-1',
  meta: meta(),
  status: 'completed',
  medicationCodeableConcept: { text: 'Lisinopril 10 mg tablet' },
  subject: { reference: 'Patient/pat-1' },
  authorizingPrescription: [{ reference: 'MedicationRequest/rx-1' }, { reference: 'MedicationRequest/rx-0' }],
  quantity: { value: 90, unit: 'tablet' },
  whenHandedOver: '2026-10-02T15:30:00Z',
  ...overrides,
});

const mmHg = (value: number) => ({ value, unit: 'mmHg', system: UCUM, code: 'mm[Hg]' });
const loinc = (code: string, display?: string) => ({ coding: [{ system: LOINC, code, display }] });
const bloodPressure = (systolic: number, diastolic: number): Observation & { id: string } => ({
  resourceType: 'Observation',
  id: 'bp-1',
  meta: meta(),
  status: 'final',
  code: { ...loinc('85354-9', 'Blood pressure panel with all children optional'), text: 'Blood pressure' },
  subject: { reference: 'Patient/pat-1' },
  effectiveDateTime: '2026-11-02T14:20:00Z',
  component: [
    { code: loinc('8462-4'), valueQuantity: mmHg(diastolic) },
    { code: loinc('8480-6'), valueQuantity: mmHg(systolic) },
  ],
});

describe('renewal facts in the projections', () => {
  it('projects a fill: patient, the prescription it fills, when it was handed over, how much', () => {
    expect(medicationDispenseRow(fill())).toEqual({
      id: 'fill-1',
      patient_id: 'pat-1',
      prescription_id: 'rx-1',
      handed_over_at: Date.parse('2026-10-02T15:30:00Z'),
      quantity: 90,
    });
    const waiting = fill({ status: 'in-progress', authorizingPrescription: undefined, whenHandedOver: undefined });
    delete waiting.quantity;
    expect(medicationDispenseRow(waiting)).toMatchObject({
      prescription_id: null,
      handed_over_at: null,
      quantity: null,
    });
  });

  it('reads a blood pressure panel as "systolic/diastolic unit", whatever the order of its parts', () => {
    expect(observationRow(bloodPressure(128, 82))).toMatchObject({
      code: '85354-9',
      name: 'Blood pressure',
      value_text: '128/82 mm[Hg]',
      effective_at: Date.parse('2026-11-02T14:20:00Z'),
    });
    const half = bloodPressure(128, 82);
    half.component = half.component?.slice(1);
    expect(observationRow(half).value_text).toBeNull();
  });

  it('keys an observation by its first LOINC code, not by another system’s', () => {
    const potassium: Observation & { id: string } = {
      resourceType: 'Observation',
      id: 'k-1',
      meta: meta(),
      status: 'final',
      code: {
        coding: [
          { system: 'urn:local-lab', code: 'K' },
          { system: LOINC, code: '2823-3' },
        ],
        text: 'Potassium',
      },
      valueQuantity: { value: 4.1, unit: 'mmol/L' },
    };
    expect(observationRow(potassium)).toMatchObject({ code: '2823-3', value_text: '4.1 mmol/L' });
    expect(observationRow({ ...potassium, code: { text: 'Home reading' } }).code).toBeNull();
  });

  it('stores fills and panels through the sync path, and drops them with their resource', async () => {
    await store([fill(), bloodPressure(142, 91)]);
    expect(await cache.db.selectFrom('medication_dispense').select(['id', 'prescription_id']).execute()).toEqual([
      { id: 'fill-1', prescription_id: 'rx-1' },
    ]);
    expect(await cache.db.selectFrom('observation').select(['code', 'value_text']).execute()).toEqual([
      { code: '85354-9', value_text: '142/91 mm[Hg]' },
    ]);
    await store([fill({ meta: meta('2'), whenHandedOver: '2026-11-01T16:00:00Z' })]);
    const refilled = await cache.db.selectFrom('medication_dispense').select('handed_over_at').execute();
    expect(refilled).toEqual([{ handed_over_at: Date.parse('2026-11-01T16:00:00Z') }]);
    await cache.db.deleteFrom('fhir_resource').execute();
    expect(await cache.db.selectFrom('medication_dispense').select('id').execute()).toEqual([]);
    expect(await cache.db.selectFrom('observation').select('id').execute()).toEqual([]);
  });
});
