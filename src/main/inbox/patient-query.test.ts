import { describe, expect, it } from 'vitest';
import { nameKey, patientKeys } from '../../domain/patients/patient-keys';
import { DOD_ID_SYSTEM } from '../../domain/fhir/codes';
import { describePatientQuery, parseBirthDate, parsePatientQuery } from './patient-query';

const NOW = Date.parse('2026-11-27T15:00:00Z');

describe('parsePatientQuery', () => {
  it('reads "Last" as a family name or a first name starting with it', () => {
    expect(parsePatientQuery('Baker', NOW)).toEqual({
      kind: 'name',
      readings: [{ family: 'baker' }, { given: 'baker' }],
    });
  });

  it('reads "Last, First" and "Last, Fi" as both prefixes', () => {
    expect(parsePatientQuery('Baker, Andre', NOW)).toEqual({
      kind: 'name',
      readings: [{ family: 'baker', given: 'andre' }],
    });
    expect(parsePatientQuery(' baker,an ', NOW)).toEqual({
      kind: 'name',
      readings: [{ family: 'baker', given: 'an' }],
    });
    expect(parsePatientQuery('Baker,', NOW)).toEqual({ kind: 'name', readings: [{ family: 'baker' }] });
  });

  it('reads a partial first name alone as either name', () => {
    expect(parsePatientQuery('Andr', NOW)).toEqual({ kind: 'name', readings: [{ family: 'andr' }, { given: 'andr' }] });
    expect(parsePatientQuery(', Andr', NOW)).toEqual({ kind: 'name', readings: [{ given: 'andr' }] });
  });

  it('reads two words without a comma both ways round', () => {
    expect(parsePatientQuery('Andre Baker', NOW)).toEqual({
      kind: 'name',
      readings: [
        { given: 'andre', family: 'baker' },
        { family: 'andre', given: 'baker' },
      ],
    });
  });

  it('folds accents, apostrophes and hyphens as the cache stores names', () => {
    expect(parsePatientQuery("O'Brien, José", NOW)).toEqual({
      kind: 'name',
      readings: [{ family: 'obrien', given: 'jose' }],
    });
    expect(parsePatientQuery('Smith-Jones,', NOW)).toEqual({ kind: 'name', readings: [{ family: 'smith jones' }] });
  });

  it('reads a date of birth in the forms staff type', () => {
    expect(parsePatientQuery('1984-03-07', NOW)).toEqual({ kind: 'dob', birthDate: '1984-03-07' });
    expect(parsePatientQuery('03/07/1984', NOW)).toEqual({ kind: 'dob', birthDate: '1984-03-07' });
    expect(parsePatientQuery('3/7/1984', NOW)).toEqual({ kind: 'dob', birthDate: '1984-03-07' });
    expect(parsePatientQuery('3/7/84', NOW)).toEqual({ kind: 'dob', birthDate: '1984-03-07' });
    expect(parsePatientQuery('03-07-1984', NOW)).toEqual({ kind: 'dob', birthDate: '1984-03-07' });
  });

  it('takes a two-digit year as the most recent such date not in the future', () => {
    expect(parseBirthDate('3/7/25', NOW)).toBe('2025-03-07');
    expect(parseBirthDate('11/27/26', NOW)).toBe('2026-11-27');
    expect(parseBirthDate('12/1/26', NOW)).toBe('1926-12-01');
    expect(parseBirthDate('3/7/30', NOW)).toBe('1930-03-07');
  });

  it('refuses impossible and future dates, which are then not a lookup', () => {
    expect(parseBirthDate('2/30/1984', NOW)).toBeNull();
    expect(parseBirthDate('13/01/1984', NOW)).toBeNull();
    expect(parseBirthDate('2027-01-01', NOW)).toBeNull();
    expect(parsePatientQuery('2/30/1984', NOW)).toBeNull();
  });

  it('reads exactly ten digits as a DoD ID', () => {
    expect(parsePatientQuery('1234567890', NOW)).toEqual({ kind: 'dod-id', dodId: '1234567890' });
    expect(parsePatientQuery('123456789', NOW)).toBeNull();
  });

  it('leaves text queries alone: one letter, three words, digits among letters', () => {
    expect(parsePatientQuery('a', NOW)).toBeNull();
    expect(parsePatientQuery('', NOW)).toBeNull();
    expect(parsePatientQuery('chest pain today', NOW)).toBeNull();
    expect(parsePatientQuery('refill 90 day', NOW)).toBeNull();
  });

  it('says how it read the box', () => {
    expect(describePatientQuery({ kind: 'dob', birthDate: '1984-03-07' }, '3/7/84')).toBe('date of birth 03/07/1984');
    expect(describePatientQuery({ kind: 'dod-id', dodId: '1234567890' }, '1234567890')).toBe('DoD ID');
    expect(describePatientQuery({ kind: 'name', readings: [] }, ' Baker, An ')).toBe('name “Baker, An”');
  });
});

describe('patientKeys', () => {
  it('keys the official name and the DoD ID', () => {
    expect(
      patientKeys({
        name: [
          { use: 'usual', given: ['Andy'] },
          { use: 'official', family: 'Núñez', given: ['Mary', 'Ann'] },
        ],
        identifier: [
          { system: 'urn:other', value: '9' },
          { system: DOD_ID_SYSTEM, value: '1234567890' },
        ],
      }),
    ).toEqual({ family_key: 'nunez', given_key: 'mary ann', dod_id: '1234567890' });
  });

  it('reads a name given only as text', () => {
    expect(patientKeys({ name: [{ text: 'Baker, Andre' }] })).toMatchObject({
      family_key: 'baker',
      given_key: 'andre',
    });
    expect(patientKeys({ name: [{ text: 'Andre Baker' }] })).toMatchObject({ family_key: 'baker', given_key: 'andre' });
    expect(patientKeys({})).toEqual({ family_key: null, given_key: null, dod_id: null });
  });

  it('folds names to one form', () => {
    expect(nameKey("  D'Angelo-Smith ")).toBe('dangelo smith');
    expect(nameKey('St. John')).toBe('st john');
  });
});
