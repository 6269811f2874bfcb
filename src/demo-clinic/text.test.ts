import { describe, expect, it } from 'vitest';
import { RENEWAL_NOTES, REFILL_TOPICS } from './topics-pharmacy';
import { ADMIN_TOPICS, APPOINTMENT_TOPICS, RECORDS_TOPICS, REFERRAL_TOPICS } from './topics-front-office';
import { CLINICAL_TOPICS } from './topics-clinical';
import { RED_FLAG_TOPICS } from './topics-red-flags';
import { TRIPWIRE_GAPS } from './topics-red-flags-gaps';
import { RESULT_TOPICS } from './topics-results';
import { seededRandom } from './random';
import { fill, layer } from './text';

describe('fill', () => {
  it('fills slots, picks among alternatives (nested too) and tidies what optional parts leave', () => {
    const rnd = seededRandom(1);
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      seen.add(fill('Hi {name}[, [good|fine] day|] [today|].', { name: 'Ana' }, rnd));
    }
    expect(seen).toEqual(
      new Set([
        'Hi Ana, good day today.',
        'Hi Ana, fine day today.',
        'Hi Ana today.',
        'Hi Ana.',
        'Hi Ana, good day.',
        'Hi Ana, fine day.',
      ]),
    );
  });

  it('takes values from layers, own before shared, and refuses a slot with no value', () => {
    const rnd = seededRandom(2);
    const slots = layer({ a: 'own' }, (name) => (name === 'b' ? 'shared' : name === 'a' ? 'ignored' : undefined));
    expect(fill('{a} {b}', slots, rnd)).toBe('own shared');
    expect(() => fill('{missing}', slots, rnd)).toThrow('template slot {missing} has no value');
    expect(() => fill('[open', {}, rnd)).toThrow(/unclosed choice/);
  });

  it('parses every message template, and every alternative renders without template syntax left over', () => {
    const topics = [
      ...CLINICAL_TOPICS,
      ...RESULT_TOPICS,
      ...REFILL_TOPICS,
      ...REFERRAL_TOPICS,
      ...APPOINTMENT_TOPICS,
      ...RECORDS_TOPICS,
      ...ADMIN_TOPICS,
      ...RED_FLAG_TOPICS,
      ...TRIPWIRE_GAPS,
    ];
    const templates = [...topics.flatMap((t) => [...t.subjects, ...t.bodies, ...(t.replies ?? [])]), ...RENEWAL_NOTES];
    const any = (name: string) => `<${name}>`;
    const rnd = seededRandom(3);
    for (const template of templates) {
      for (let i = 0; i < 20; i++) expect(fill(template, any, rnd), template).not.toMatch(/[[\]{}|]/);
    }
  });
});
