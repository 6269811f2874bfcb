import type { DiagnosticReport, Observation, ServiceRequest, Task } from '@medplum/fhirtypes';
import { describe, expect, it, vi } from 'vitest';
import { validateFhirResource } from '../simulator/validation';
import { trendOf } from '../domain/results/trend';
import type { Point } from '../domain/results/trend';
import { DAY } from './clinic-clock';
import { generateClinic } from './generate';
import { LAB_PANELS } from './labs';
import type { Analyte } from './labs';
import { addResultHistory, followsProblem, HISTORY_SPAN } from './result-history';
import type * as ResultHistory from './result-history';
import { flagOf, rangeOf } from './results';
import { createSink } from './sink';
import { index, ofType } from './test-support/resource-graph';

const NOW = new Date('2026-11-27T15:00:00Z');
const clinic = generateClinic({ seed: 11, now: NOW, size: 900 });
const byKey = index(clinic.resources);
const get = <T>(reference: string | undefined) => byKey.get(reference ?? '') as T;
const patients = new Map(clinic.roster.patients.map((p) => [p.ref.reference, p]));
const reports = ofType(clinic.resources, 'DiagnosticReport');
const observations = ofType(clinic.resources, 'Observation').filter((o) => o.valueQuantity !== undefined);

/** The report each result-release Task is about, with its earlier reports (latest first). */
const items = ofType(clinic.resources, 'Task')
  .filter((t: Task) => clinic.truth.get(t.id ?? '')?.kind === 'result-release')
  .map((t) => {
    const report = get<DiagnosticReport>(t.focus?.reference);
    const earlier = reports
      .filter((r) => r.id?.startsWith(`${report.id ?? ''}-h`))
      .sort((a, b) => Number(a.id?.split('-h').pop()) - Number(b.id?.split('-h').pop()));
    return { report, earlier };
  });
const labItems = items.filter((i) => i.report.category?.[0]?.coding?.[0]?.code === 'LAB');
const panelOfReport = (r: DiagnosticReport) => LAB_PANELS.find((p) => p.loinc === r.code.coding?.[0]?.code);
const observationsOf = (r: DiagnosticReport) => (r.result ?? []).map((x) => get<Observation>(x.reference));
const codeOf = (o: Observation) => o.code.coding?.[0]?.code ?? '';
const flagCode = (o: Observation) => o.interpretation?.[0]?.coding?.[0]?.code ?? '';
const collected = (r: { effectiveDateTime?: string }) => Date.parse(r.effectiveDateTime ?? '');
const analyteOf = (o: Observation) =>
  LAB_PANELS.flatMap((p) => p.analytes).find((a) => a.loinc === codeOf(o)) as Analyte;
const asPoint = (o: Observation): Point => ({
  id: o.id ?? '',
  code: codeOf(o),
  unit: o.valueQuantity?.unit,
  value: o.valueQuantity?.value,
  at: collected(o),
  status: o.status,
});

describe('earlier results of a result awaiting release', () => {
  it('gives lab reports, never imaging, none to four earlier reports, ids counting back from the report', () => {
    expect(labItems.length).toBeGreaterThan(100);
    for (const { report, earlier } of items) {
      if (!labItems.some((i) => i.report === report)) expect(earlier).toEqual([]);
      expect(earlier.length).toBeLessThanOrEqual(4);
      expect(earlier.map((r) => r.id)).toEqual(earlier.map((_, k) => `${report.id ?? ''}-h${k + 1}`));
    }
    expect(labItems.filter((i) => i.earlier.length === 0).length).toBeLessThan(labItems.length * 0.3);
  });

  it('gives most patients whose problem the panel follows two to four earlier reports', () => {
    const followed = labItems.filter(({ report }) => {
      const panel = panelOfReport(report);
      const patient = patients.get(report.subject?.reference);
      return panel !== undefined && patient !== undefined && followsProblem(panel, patient);
    });
    expect(followed.length).toBeGreaterThan(20);
    const twoToFour = followed.filter((i) => i.earlier.length >= 2).length;
    expect(twoToFour).toBeGreaterThan(followed.length * 0.6);
  });

  it('are the same panel, with the same tests in the same units, for the same patient, each valid R4', () => {
    for (const { report, earlier } of labItems) {
      const current = observationsOf(report);
      for (const r of earlier) {
        expect(() => validateFhirResource(r)).not.toThrow();
        expect(r.code).toEqual(report.code);
        expect(r.subject).toEqual(report.subject);
        const theirs = observationsOf(r);
        expect(theirs.map((o) => [codeOf(o), o.valueQuantity?.unit, o.valueQuantity?.code])).toEqual(
          current.map((o) => [codeOf(o), o.valueQuantity?.unit, o.valueQuantity?.code]),
        );
        for (const o of theirs) {
          expect(() => validateFhirResource(o)).not.toThrow();
          expect(o.subject).toEqual(report.subject);
          expect(o.referenceRange).toEqual(current.find((c) => codeOf(c) === codeOf(o))?.referenceRange);
        }
        const order = get<ServiceRequest>(r.basedOn?.[0]?.reference);
        expect(order.status).toBe('completed');
        expect(order.subject).toEqual(report.subject);
      }
    }
  });

  it('were all collected before, within two years and after birth, and released soon after', () => {
    for (const { report, earlier } of labItems) {
      const patient = patients.get(report.subject?.reference);
      const at = collected(report);
      let later = at;
      for (const r of earlier) {
        const when = collected(r);
        expect(when).toBeLessThan(later);
        later = when;
        expect(when).toBeGreaterThanOrEqual(at - HISTORY_SPAN);
        expect(when).toBeGreaterThanOrEqual((patient?.birthMs ?? Infinity) + DAY);
        const issued = Date.parse(r.issued ?? '');
        expect(issued - when).toBeGreaterThan(0);
        expect(issued - when).toBeLessThanOrEqual(DAY + DAY / 4);
        expect(issued).toBeLessThan(at);
        for (const x of [r, ...observationsOf(r)]) {
          expect(x.status).toBe('final');
          expect(x.meta?.security).toBeUndefined();
          expect(x.meta?.versionId).toBe('1');
        }
      }
    }
  });

  it('flag each value against its range as the lab does, and keep values plausible next to the current one', () => {
    for (const { report, earlier } of labItems) {
      const patient = patients.get(report.subject?.reference);
      const current = new Map(observationsOf(report).map((o) => [codeOf(o), o]));
      for (const o of earlier.flatMap(observationsOf)) {
        const a = analyteOf(o);
        const range = rangeOf(a, patient?.gender ?? 'female');
        const value = o.valueQuantity?.value ?? NaN;
        expect(value).toBeGreaterThan(0);
        expect(flagCode(o)).toBe(flagOf(a, value, range));
        const now = current.get(codeOf(o)) as Observation;
        const nowValue = now.valueQuantity?.value ?? NaN;
        const rounding = 10 ** -a.decimals / 2 + 1e-9;
        if (flagCode(now) === 'N') {
          // Normal now: within about 5% of it before.
          expect(Math.abs(value - nowValue), o.id).toBeLessThanOrEqual(0.05 * nowValue + rounding);
        } else if (flagCode(now).startsWith('H')) {
          // High now: never higher before, and never below the normal range on the other side.
          expect(value, o.id).toBeLessThanOrEqual(nowValue * 1.05 + rounding);
          expect(value, o.id).toBeGreaterThanOrEqual(
            Math.min(nowValue * 0.95, (range.low ?? 0.55 * (range.high ?? 0)) * 0.98) - rounding,
          );
        } else {
          expect(value, o.id).toBeGreaterThanOrEqual(nowValue * 0.95 - rounding);
          expect(value, o.id).toBeLessThanOrEqual(
            Math.max(nowValue * 1.05, (range.high ?? 1.55 * (range.low ?? 0)) * 1.02) + rounding,
          );
        }
      }
    }
  });

  it('reads mostly "normal, stable" on the result screen, with some flagged values rising or falling', () => {
    const summaries = new Map<string, number>();
    for (const { report } of labItems) {
      for (const o of observationsOf(report)) {
        const history = observations.filter((x) => x.subject?.reference === o.subject?.reference).map(asPoint);
        const flag = flagCode(o);
        const severity = flag === 'N' ? 'normal' : flag.length === 2 ? 'critical' : 'abnormal';
        const { summary } = trendOf(asPoint(o), history, severity);
        summaries.set(summary, (summaries.get(summary) ?? 0) + 1);
      }
    }
    const count = (summary: string) => summaries.get(summary) ?? 0;
    const all = [...summaries.values()].reduce((a, b) => a + b, 0);
    expect(count('normal, stable')).toBeGreaterThan(all / 2);
    expect(count('normal, first result')).toBeLessThan(all / 4);
    expect(count('abnormal, rising')).toBeGreaterThan(5);
    expect(count('abnormal, falling')).toBeGreaterThan(5);
    expect(count('abnormal, stable')).toBeGreaterThan(5);
  });

  it('is deterministic from the report alone', () => {
    const { report } = labItems.find((i) => i.earlier.length > 0) ?? {};
    const patient = patients.get(report?.subject?.reference);
    if (report === undefined || patient === undefined) throw new Error('no report with earlier results');
    const model = {
      id: report.id ?? '',
      name: report.code.text ?? '',
      plain: 'labs',
      collectedAt: collected(report),
      resource: structuredClone(report),
      observations: observationsOf(report).map((o) => structuredClone(o)),
      flagged: null,
      conclusion: null,
      severity: 'normal' as const,
    };
    const before = JSON.stringify(model);
    const serial = patient.serial;
    const sink = createSink();
    addResultHistory(sink, model, patient);
    expect(JSON.stringify(model)).toBe(before);
    expect(patient.serial).toBe(serial);
    // What the generator made for it, whatever else was generated around it.
    expect(sink.resources.length).toBeGreaterThan(0);
    for (const r of sink.resources) expect(r).toEqual(byKey.get(`${r.resourceType}/${r.id ?? ''}`));
  });

  it('leaves every other resource of the clinic exactly as it was, in the same order', async () => {
    vi.resetModules();
    vi.doMock('./result-history', async (original) => ({
      ...(await original<typeof ResultHistory>()),
      addResultHistory: () => [],
    }));
    const { generateClinic: withoutHistory } = await import('./generate');
    const without = withoutHistory({ seed: 11, now: NOW, size: 900 });
    vi.doUnmock('./result-history');
    const earlier = new Set(items.flatMap((i) => i.earlier).map((r) => r.id));
    const added = (id: string | undefined) => /-h\d+(-\d+)?$/.test(id ?? '');
    expect(clinic.resources.filter((r) => !added(r.id))).toEqual(without.resources);
    expect(without.resources.some((r) => added(r.id))).toBe(false);
    expect(earlier.size).toBeGreaterThan(0);
    expect(clinic.truth).toEqual(without.truth);
  });
});
