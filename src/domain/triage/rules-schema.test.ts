import { describe, expect, it } from 'vitest';
import { classify } from './classify';
import { DEFAULT_RULES } from './default-rules';
import { parseTriageRules } from './rules-schema';
import type { TriageRules } from './rules-schema';

/** The rules as a clinic would edit them: through JSON. */
const edited = (change: (rules: TriageRules) => void): TriageRules => {
  const copy = JSON.parse(JSON.stringify(DEFAULT_RULES)) as TriageRules;
  change(copy);
  const parsed = parseTriageRules(copy);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.rules;
};

describe('triage rules as data', () => {
  it('survive a round trip through JSON unchanged', () => {
    expect(parseTriageRules(JSON.parse(JSON.stringify(DEFAULT_RULES)))).toEqual({ ok: true, rules: DEFAULT_RULES });
  });

  it('let a clinic add an emergency phrase', () => {
    expect(classify({ subject: '', body: 'sob since lunch' }).emergency).toBeNull();
    const tuned = edited((r) => r.emergencies.find((e) => e.id === 'breathing')?.phrases.push('sob'));
    expect(classify({ subject: '', body: 'sob since lunch' }, tuned).emergency?.topics).toEqual(['breathing']);
  });

  it('let a clinic drop a negation cue, and the same words fire', () => {
    const tuned = edited((r) => {
      r.cues.negation = r.cues.negation.filter((c) => c !== 'denies');
    });
    expect(classify({ subject: '', body: 'denies chest pain' }).emergency).toBeNull();
    expect(classify({ subject: '', body: 'denies chest pain' }, tuned).emergency?.kind).toBe('medical');
  });

  it('let a clinic rename a pool and close a window', () => {
    const tuned = edited((r) => {
      r.categories['refill-request'].pool = 'Pharmacy Refill Line';
      r.windows.negation = 0;
    });
    expect(classify({ subject: 'Refill', body: 'please refill my zoloft' }, tuned).pool).toBe('Pharmacy Refill Line');
    expect(classify({ subject: '', body: 'I am not having chest pain' }).emergency).toBeNull();
    expect(classify({ subject: '', body: 'I am not having chest pain' }, tuned).emergency).not.toBeNull();
  });

  it('turns typo matching off with long minimum lengths', () => {
    const strict = edited((r) => {
      r.fuzzy = { minLength: 40, swapMinLength: 40, categoryMinLength: 40 };
    });
    expect(classify({ subject: '', body: 'chest pian' }).emergency).not.toBeNull();
    expect(classify({ subject: '', body: 'chest pian' }, strict).emergency).toBeNull();
  });

  it.each([
    [(r: Record<string, unknown>) => (r['negations'] = ['no']), 'Unrecognized key: "negations"'],
    [
      (r: Record<string, unknown>) => delete (r['categories'] as Record<string, unknown>)['records-request'],
      'records-request',
    ],
    [
      (r: Record<string, unknown>) => ((r['emergencies'] as { phrases: string[] }[])[0]!.phrases[0] = 'chest ...'),
      '"..." must sit between words',
    ],
    [
      (r: Record<string, unknown>) => ((r['cues'] as { negation: string[] }).negation = ['not ... really']),
      'cues cannot contain "..."',
    ],
    [(r: Record<string, unknown>) => ((r['emergencies'] as { id: string }[])[1]!.id = 'chest-pain'), 'duplicate id'],
    [(r: Record<string, unknown>) => ((r['windows'] as { negation: number }).negation = -1), 'windows.negation'],
    [
      (r: Record<string, unknown>) => ((r['emergencies'] as { kind: string }[])[0]!.kind = 'urgent'),
      'emergencies[0].kind',
    ],
  ])('refuse a bad file with a message naming the problem (%#)', (spoil, message) => {
    const raw = JSON.parse(JSON.stringify(DEFAULT_RULES)) as Record<string, unknown>;
    spoil(raw);
    const parsed = parseTriageRules(raw);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toContain(message);
  });

  it('refuse what is not a rules object at all', () => {
    expect(parseTriageRules(null).ok).toBe(false);
    expect(parseTriageRules([]).ok).toBe(false);
  });
});
