import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { humanName, parseReference, toMillis } from './fhir-read';

const fhirId = fc.stringMatching(/^[A-Za-z0-9\-.]{1,64}$/);
const resourceType = fc.constantFrom('Patient', 'Task', 'CareTeam', 'MedicationRequest', 'DiagnosticReport');

describe('parseReference', () => {
  it('reads relative, absolute and versioned references alike', () => {
    fc.assert(
      fc.property(
        resourceType,
        fhirId,
        fc.constantFrom('', 'https://portal.example/fhir/'),
        fc.boolean(),
        (type, id, base, versioned) => {
          const reference = `${base}${type}/${id}${versioned ? '/_history/3' : ''}`;
          expect(parseReference({ reference })).toEqual({ type, id });
        },
      ),
    );
  });

  it('never throws on untrusted text, and answers null when it is no reference', () => {
    fc.assert(
      fc.property(fc.string(), (reference) => {
        const parsed = parseReference({ reference });
        if (parsed !== null) expect(reference).toContain(`${parsed.type}/${parsed.id}`);
      }),
    );
    expect(parseReference(undefined)).toBeNull();
    expect(parseReference({ display: 'no reference' })).toBeNull();
    expect(parseReference({ reference: '#contained' })).toBeNull();
  });
});

describe('humanName', () => {
  it('prefers the official name and formats family, given', () => {
    expect(
      humanName([
        { use: 'nickname', given: ['Jimmy'] },
        { use: 'official', family: 'Doe', given: ['James', 'R'] },
      ]),
    ).toBe('Doe, James R');
    expect(humanName([{ text: 'SGT Jane Doe' }])).toBe('SGT Jane Doe');
    expect(humanName([{ given: ['Cher'] }])).toBe('Cher');
    expect(humanName([])).toBeNull();
  });
});

describe('toMillis', () => {
  it('reads instants with offsets and partial dates', () => {
    expect(toMillis('2026-11-27T10:00:00-05:00')).toBe(Date.parse('2026-11-27T15:00:00Z'));
    expect(toMillis('2026-11')).toBe(Date.parse('2026-11-01'));
    expect(toMillis('2026')).toBe(Date.parse('2026-01-01'));
    expect(toMillis('not a date')).toBeNull();
    expect(toMillis(undefined)).toBeNull();
  });
});
