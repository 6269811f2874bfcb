import type { PrescriptionTerms } from '../../../shared/staff-actions';

/** The approve (or pend) form as typed: strings, so a half-typed number is not lost or coerced. */
export interface TermsForm {
  quantity: string;
  unit: string;
  repeats: string;
  validityDays: string;
  dosage: string;
}

export type TermsField = keyof TermsForm;

export function formFromTerms(terms: PrescriptionTerms): TermsForm {
  return {
    quantity: String(terms.quantity),
    unit: terms.unit,
    repeats: String(terms.repeats),
    validityDays: String(terms.validityDays),
    dosage: terms.dosage,
  };
}

const NUMBER = /^\d+(\.\d+)?$/;
const WHOLE = /^\d+$/;

/**
 * The terms, or what is wrong with each field, in the words the form shows. The limits are those
 * main's schema enforces, checked here first so the prescriber is told before anything is sent.
 */
export function parseTerms(
  form: TermsForm,
): { ok: true; terms: PrescriptionTerms } | { ok: false; errors: Partial<Record<TermsField, string>> } {
  const errors: Partial<Record<TermsField, string>> = {};
  const quantity = form.quantity.trim();
  if (!NUMBER.test(quantity) || Number(quantity) <= 0 || Number(quantity) > 10_000)
    errors.quantity = 'Quantity: a number above 0, at most 10,000.';
  const unit = form.unit.trim();
  if (unit === '' || unit.length > 40) errors.unit = 'Unit: say what the quantity counts (tablets, mL…).';
  const repeats = form.repeats.trim();
  if (!WHOLE.test(repeats) || Number(repeats) > 11) errors.repeats = 'Refills: a whole number from 0 to 11.';
  const validity = form.validityDays.trim();
  if (!WHOLE.test(validity) || Number(validity) < 1 || Number(validity) > 365)
    errors.validityDays = 'Valid for: a whole number of days from 1 to 365.';
  const dosage = form.dosage.trim();
  if (dosage === '' || dosage.length > 1_000) errors.dosage = 'Directions: the patient needs them on the label.';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    terms: {
      quantity: Number(quantity),
      unit,
      repeats: Number(repeats),
      validityDays: Number(validity),
      dosage,
    },
  };
}

/** The fields whose typed value differs from the proposal (numbers compared as numbers, text trimmed). */
export function changedFields(form: TermsForm, proposal: PrescriptionTerms): TermsField[] {
  const original = formFromTerms(proposal);
  return (Object.keys(original) as TermsField[]).filter((field) => {
    const typed = form[field].trim();
    const was = original[field];
    if (field === 'unit' || field === 'dosage') return typed !== was.trim();
    return typed === '' || Number(typed) !== Number(was);
  });
}
