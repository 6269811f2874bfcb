import { describe, expect, it } from 'vitest';
import { FORMULARY } from '../../demo-clinic/formulary';
import { allergyConflict, classifyMedication } from './medication-classes';
import { DEFAULT_RENEWAL_PROTOCOL } from './protocol';

describe('classifyMedication', () => {
  it('gives every demo formulary drug a class', () => {
    const unclassified = FORMULARY.filter((m) => classifyMedication(m) === 'unclassified').map((m) => m.name);
    expect(unclassified).toEqual([]);
  });

  it.each([
    ['lisinopril-10', 'ace-inhibitor'],
    ['losartan-50', 'arb'],
    ['amlodipine-5', 'antihypertensive-other'],
    ['hctz-25', 'antihypertensive-other'],
    ['metformin-500', 'diabetes'],
    ['glipizide-5', 'diabetes'],
    ['atorvastatin-20', 'statin'],
    ['rosuvastatin-10', 'statin'],
    ['levothyroxine-75', 'thyroid'],
    ['sertraline-50', 'antidepressant'],
    ['fluticasone-hfa', 'respiratory'],
    ['fluticasone-nasal', 'nasal-steroid'],
    ['methylphenidate-er-18', 'controlled'],
    ['amoxicillin-suspension', 'antibiotic'],
    ['oral-contraceptive', 'hormonal-contraceptive'],
  ])('%s is %s', (key, cls) => {
    const m = FORMULARY.find((f) => f.key === key);
    expect(m && classifyMedication(m)).toBe(cls);
  });

  it('goes by RxNorm code when the name says nothing', () => {
    expect(classifyMedication({ name: 'Tablet', rxnorm: '314076' })).toBe('ace-inhibitor');
  });

  it('goes by brand name', () => {
    expect(classifyMedication({ name: 'Synthroid 88 mcg' })).toBe('thyroid');
    expect(classifyMedication({ name: 'LIPITOR 40MG' })).toBe('statin');
  });

  it('lets the controlled flag win over the code', () => {
    expect(classifyMedication({ name: 'Lisinopril 10 mg tablet', rxnorm: '314076', controlled: true })).toBe(
      'controlled',
    );
  });

  it('calls an unknown drug unclassified', () => {
    expect(classifyMedication({ name: 'Zzyzx 5 mg tablet' })).toBe('unclassified');
  });

  it('has a protocol for every class a formulary drug falls in', () => {
    for (const m of FORMULARY) expect(DEFAULT_RENEWAL_PROTOCOL.classes[classifyMedication(m)]).toBeDefined();
  });
});

describe('allergyConflict', () => {
  const naproxen = { name: 'Naproxen 500 mg tablet' };
  it('finds the drug itself, a cross-reacting sibling and the class name', () => {
    expect(allergyConflict('Naproxen', naproxen, 'nsaid')).toMatch(/naproxen itself/);
    expect(allergyConflict('Ibuprofen', naproxen, 'nsaid')).toMatch(/same class \(NSAID\)/);
    expect(allergyConflict('NSAIDs', naproxen, 'nsaid')).toMatch(/names the class/);
  });

  it('finds penicillin allergy for amoxicillin', () => {
    const amox = { name: 'Amoxicillin 400 mg/5 mL oral suspension' };
    expect(allergyConflict('Penicillin', amox, 'antibiotic')).toMatch(/penicillin allergy covers/);
  });

  it('does not treat one antibiotic allergy as every antibiotic', () => {
    const amox = { name: 'Amoxicillin 400 mg/5 mL oral suspension' };
    expect(allergyConflict('Azithromycin', amox, 'antibiotic')).toBeNull();
  });

  it('ignores unrelated allergies', () => {
    expect(allergyConflict('Peanut', naproxen, 'nsaid')).toBeNull();
    expect(allergyConflict('NKDA', { name: 'Lisinopril 10 mg tablet' }, 'ace-inhibitor')).toBeNull();
  });
});
