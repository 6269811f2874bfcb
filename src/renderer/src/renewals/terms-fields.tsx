import type { PrescriptionTerms } from '../../../shared/staff-actions';
import type { TermsField, TermsForm } from './renewal-terms';
import { formFromTerms } from './renewal-terms';

interface Props {
  idPrefix: string;
  form: TermsForm;
  proposal: PrescriptionTerms;
  changed: readonly TermsField[];
  errors: Partial<Record<TermsField, string>>;
  onChange: (form: TermsForm) => void;
}

const LABELS: Record<TermsField, string> = {
  quantity: 'Quantity',
  unit: 'Unit',
  repeats: 'Refills (0–11)',
  validityDays: 'Valid for (days, 1–365)',
  dosage: 'Directions',
};

export const termsFieldId = (idPrefix: string, field: TermsField) => `${idPrefix}-${field}`;

/**
 * The prescription's terms as editable fields, each saying what it was when changed ("was 90"),
 * so "Approve with changes" never hides what changed.
 */
export function TermsFields({ idPrefix, form, proposal, changed, errors, onChange }: Props) {
  const original = formFromTerms(proposal);
  const field = (name: TermsField, input: 'text' | 'decimal' | 'numeric' | 'area') => {
    const id = termsFieldId(idPrefix, name);
    const error = errors[name];
    const wasChanged = changed.includes(name);
    const describedBy = [error === undefined ? null : `${id}-error`, wasChanged ? `${id}-was` : null]
      .filter((part) => part !== null)
      .join(' ');
    const common = {
      id,
      value: form[name],
      'aria-invalid': error === undefined ? undefined : true,
      'aria-describedby': describedBy === '' ? undefined : describedBy,
      onChange: (event: { target: { value: string } }) => onChange({ ...form, [name]: event.target.value }),
    };
    return (
      <div className={`terms-field terms-${name}${wasChanged ? ' changed' : ''}`}>
        <label htmlFor={id}>{LABELS[name]}</label>
        {input === 'area' ? (
          <textarea {...common} rows={2} />
        ) : (
          <input {...common} type="text" inputMode={input === 'text' ? undefined : input} autoComplete="off" />
        )}
        {wasChanged && (
          <span id={`${id}-was`} className="terms-was">
            was {original[name]}
          </span>
        )}
        {error !== undefined && (
          <span id={`${id}-error`} className="terms-error">
            {error}
          </span>
        )}
      </div>
    );
  };
  return (
    <div className="terms">
      {field('quantity', 'decimal')}
      {field('unit', 'text')}
      {field('repeats', 'numeric')}
      {field('validityDays', 'numeric')}
      {field('dosage', 'area')}
    </div>
  );
}
