import { describe, expect, it } from 'vitest';
import { evaluateRenewal } from './evaluate';
import { MEDICATION_CLASSES } from './medication-classes';
import { DEFAULT_RENEWAL_PROTOCOL, parseRenewalProtocol, parseRenewalProtocolJson } from './protocol';
import { daysBefore, NOW, readyLisinopril } from './test-inputs';

describe('renewal protocol configuration', () => {
  it('has a default for every class, and controlled is not eligible', () => {
    for (const cls of MEDICATION_CLASSES) expect(DEFAULT_RENEWAL_PROTOCOL.classes[cls]).toBeDefined();
    expect(DEFAULT_RENEWAL_PROTOCOL.classes.controlled.eligible).toBe(false);
  });

  it('parses an override from JSON, laying it over the defaults field by field', () => {
    const parsed = parseRenewalProtocolJson(
      JSON.stringify({
        protocolVersion: 'ramstein-2026.1',
        classes: {
          'ace-inhibitor': { seenWithinMonths: 6 },
          statin: { labs: [{ id: 'ldl', label: 'LDL', loinc: ['13457-7'], withinMonths: 24 }] },
          nsaid: { eligible: true, seenWithinMonths: 3 },
        },
      }),
    );
    if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
    const { classes, protocolVersion } = parsed.protocol;
    expect(protocolVersion).toBe('ramstein-2026.1');
    expect(classes['ace-inhibitor'].seenWithinMonths).toBe(6);
    expect(classes['ace-inhibitor'].labs).toEqual(DEFAULT_RENEWAL_PROTOCOL.classes['ace-inhibitor'].labs);
    expect(classes.statin.labs.map((l) => l.id)).toEqual(['ldl']);
    expect(classes.nsaid).toMatchObject({ eligible: true, seenWithinMonths: 3 });
    expect(classes.thyroid).toEqual(DEFAULT_RENEWAL_PROTOCOL.classes.thyroid);
  });

  it('changes the verdict: a 3-month visit rule turns a 120-day-old visit into not met', () => {
    const parsed = parseRenewalProtocol({
      protocolVersion: 'x',
      classes: { 'ace-inhibitor': { seenWithinMonths: 3 } },
    });
    if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
    const seen = evaluateRenewal(
      readyLisinopril({ lastVisit: { at: daysBefore(120) } }),
      parsed.protocol,
      NOW,
    ).criteria.find((c) => c.id === 'seen');
    expect(seen?.status).toBe('not-met');
  });

  it('names the field of each problem', () => {
    const parsed = parseRenewalProtocol({
      protocolVersion: '',
      classes: {
        statin: { labs: [{ id: 'LDL!', label: 'LDL', loinc: ['ldl'], withinMonths: 0, low: 5, high: 1 }] },
        'ace-inhibitor': { seenWithinMonth: 6 },
        vitamins: {},
        controlled: { eligible: true },
      },
    });
    expect(parsed).toEqual({
      ok: false,
      problems: [
        'protocolVersion: Too small: expected string to have >=1 characters',
        'classes.statin.labs[0].id: lower-case letters, digits and dashes',
        'classes.statin.labs[0].loinc[0]: a LOINC code like 2823-3',
        'classes.statin.labs[0].withinMonths: Too small: expected number to be >=1',
        'classes.statin.labs[0].low: low must not be above high',
        'classes.ace-inhibitor: Unrecognized key: "seenWithinMonth"',
        'classes: Unrecognized key: "vitamins"',
        'classes.controlled.eligible: controlled substances are never protocol-eligible',
      ],
    });
  });

  it('refuses to make controlled substances eligible', () => {
    const parsed = parseRenewalProtocol({ protocolVersion: 'x', classes: { controlled: { eligible: true } } });
    expect(parsed).toEqual({
      ok: false,
      problems: ['classes.controlled.eligible: controlled substances are never protocol-eligible'],
    });
  });

  it('reports a JSON syntax error as a problem', () => {
    const parsed = parseRenewalProtocolJson('{"protocolVersion": ');
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.problems[0]).toMatch(/^not valid JSON: /);
  });
});
