import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import type { z } from 'zod';
import { argumentSchemas } from '../../shared/ipc/contract';
import type { Handlers } from '../../shared/ipc/contract';
import type { Channel } from '../../shared/ipc/channels';
import { ARGUMENT_LIMITS, argumentRefusal } from './argument-limits';
import { createDispatcher } from './dispatcher';
import { APP_ORIGIN } from '../window/app-protocol';

const channels = Object.keys(argumentSchemas) as Channel[];
const fromApp = { url: `${APP_ORIGIN}/index.html`, isMainFrame: true };

/** Nested `{ a: { a: … } }` built in a loop, so the test itself cannot overflow the stack. */
function nested(levels: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
}

/** A dispatcher whose handlers record that they ran: an argument refused must never reach one. */
function stubDispatcher() {
  const called = vi.fn(() => ({}));
  const handlers = Object.fromEntries(channels.map((c) => [c, called])) as unknown as Handlers;
  const dispatch = createDispatcher({ handlers, trustedOrigins: [APP_ORIGIN], onInternalError: () => undefined });
  return { dispatch, called };
}

const id64 = (i: number) => `task-${String(i).padStart(59, '0')}`;
// '€' is 3 bytes in UTF-8: the worst case for text a person types.
const euros = (n: number) => '€'.repeat(n);

/** The largest and deepest arguments the contract accepts that the renderer really sends. */
const LARGEST_LEGITIMATE: { channel: Channel; argument: unknown }[] = [
  {
    channel: 'item:act',
    argument: {
      id: id64(1),
      kind: 'renew',
      payload: {
        terms: { quantity: 90, unit: euros(40), repeats: 11, validityDays: 365, dosage: euros(1_000) },
        changed: true,
        note: euros(10_000),
      },
    },
  },
  {
    channel: 'item:act',
    argument: { id: id64(2), kind: 'deny', payload: { reason: euros(500), reply: euros(10_000) } },
  },
  {
    channel: 'results:release-normal',
    argument: { ids: Array.from({ length: 200 }, (_, i) => id64(i)), comment: euros(4_000) },
  },
  {
    // The deepest shape in the contract: argument → payload → labels → label → security → entry.
    channel: 'item:act',
    argument: {
      id: id64(3),
      kind: 'release',
      payload: {
        comment: 'Normal.',
        labels: [{ type: 'Observation', id: 'obs-1', security: [{ system: 'urn:x', code: 'HOLD' }] }],
      },
    },
  },
];

describe('argumentRefusal', () => {
  it.each(LARGEST_LEGITIMATE.map((c, i) => [i, c] as const))(
    'lets the largest and deepest legitimate arguments through (%i)',
    (_, { channel, argument }) => {
      // Legitimate means the schema itself accepts it; otherwise this case would prove nothing.
      expect(argumentSchemas[channel].safeParse(argument).success).toBe(true);
      expect(argumentRefusal(argument)).toBeNull();
    },
  );

  it('counts depth from the argument itself: the limit passes, one more level is refused', () => {
    const limits = { ...ARGUMENT_LIMITS, maxDepth: 3 };
    expect(argumentRefusal(nested(3), limits)).toBeNull();
    expect(argumentRefusal(nested(4), limits)).toBe('it is nested more than 3 levels deep');
    expect(argumentRefusal([[[]]], limits)).toBeNull();
    expect(argumentRefusal([[[[]]]], limits)).toBe('it is nested more than 3 levels deep');
  });

  it('refuses a million-deep object and a cyclic one without overflowing the stack', () => {
    expect(argumentRefusal(nested(1_000_000))).toBe('it is nested more than 8 levels deep');
    const cyclic: Record<string, unknown> = { id: 'task-1' };
    cyclic['self'] = cyclic;
    expect(argumentRefusal(cyclic)).toBe('it is nested more than 8 levels deep');
    const wide: unknown[] = [];
    for (let i = 0; i < 100; i++) wide.push(wide);
    expect(argumentRefusal(wide)).toMatch(/larger than 256 KiB|nested more than 8/);
  });

  it('counts size in UTF-8 bytes, and refuses past the budget', () => {
    const limits = { ...ARGUMENT_LIMITS, maxBytes: 1_000 };
    expect(argumentRefusal({ text: 'a'.repeat(900) }, limits)).toBeNull();
    expect(argumentRefusal({ text: '€'.repeat(400) }, limits)).toBe('it is larger than 1,000 bytes');
    expect(argumentRefusal({ text: 'a'.repeat(10_000_000) })).toBe('it is larger than 256 KiB');
    // Many small values add up even when no one of them is large.
    const many = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`k${i}`, 'x'.repeat(100)]));
    expect(argumentRefusal({ a: many, b: many }, limits)).toBe('it is larger than 1,000 bytes');
    expect(argumentRefusal({ ['k'.repeat(2_000)]: 1 }, limits)).toBe('it is larger than 1,000 bytes');
  });

  it('caps fields per object and items per list', () => {
    const fields = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`f${i}`, i]));
    expect(argumentRefusal(fields(64))).toBeNull();
    expect(argumentRefusal(fields(65))).toBe('an object in it has more than 64 fields');
    expect(argumentRefusal({ ids: new Array<number>(1_000).fill(1) })).toBeNull();
    expect(argumentRefusal({ ids: new Array<number>(1_001).fill(1) })).toBe('a list in it has more than 1,000 items');
    // The length alone decides: a sparse list of a billion slots is not walked.
    expect(argumentRefusal({ ids: new Array(1_000_000_000) })).toBe('a list in it has more than 1,000 items');
  });

  it('accepts only plain data, naming what else it found', () => {
    class Note {
      text = 'hello';
    }
    const cases: [unknown, string][] = [
      [{ at: new Date() }, 'a Date'],
      [{ m: new Map() }, 'a Map'],
      [{ s: new Set([1]) }, 'a Set'],
      [{ bytes: new Uint8Array(4) }, 'a Uint8Array'],
      [{ e: new Error('x') }, 'an Error'],
      [{ r: /x/ }, 'a RegExp'],
      [new Note(), 'an object made by code (a class instance)'],
      [{ f: () => 1 }, 'a function'],
      [{ s: Symbol('x') }, 'a symbol'],
      [{ n: 10n }, 'a bigint'],
    ];
    for (const [value, what] of cases) {
      expect(argumentRefusal(value)).toBe(
        `it holds ${what}, which is not plain data (only text, numbers, true/false, lists and fields are accepted)`,
      );
    }
    expect(argumentRefusal({ n: Number.NaN })).toBe('it holds the number NaN, which JSON cannot hold');
    expect(argumentRefusal({ n: -Infinity })).toBe('it holds the number -Infinity, which JSON cannot hold');
    const withGetter = Object.defineProperty({}, 'text', { enumerable: true, get: () => 'x' });
    expect(argumentRefusal(withGetter)).toBe('its field "text" is computed, not plain data');
  });

  it('accepts null-prototype objects and fields left undefined, as structured clone delivers them', () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { id: 'task-1' });
    expect(argumentRefusal(bare)).toBeNull();
    expect(argumentRefusal({ ids: ['a'], comment: undefined })).toBeNull();
    expect(argumentRefusal(undefined)).toBeNull();
  });

  it('answers, rather than throws, for an object that throws when looked at', () => {
    const hostile = new Proxy(
      {},
      {
        getPrototypeOf: () => {
          throw new Error('boom');
        },
      },
    );
    expect(argumentRefusal(hostile)).toMatch(/^it could not be read as plain data/);
  });
});

describe('the dispatcher with argument limits', () => {
  it('refuses an oversized or too-deep argument as invalid-argument, before any handler runs', async () => {
    const { dispatch, called } = stubDispatcher();
    expect(await dispatch('item:get', nested(1_000_000), fromApp)).toEqual({
      ok: false,
      error: {
        code: 'invalid-argument',
        message: 'Invalid argument for item:get: it is nested more than 8 levels deep.',
      },
    });
    const huge = await dispatch('inbox:list', { search: 'x'.repeat(1_000_000) }, fromApp);
    expect(huge).toEqual({
      ok: false,
      error: { code: 'invalid-argument', message: 'Invalid argument for inbox:list: it is larger than 256 KiB.' },
    });
    const dated = await dispatch('item:get', { id: 'task-1', at: new Date() }, fromApp);
    expect(dated.ok ? '' : dated.error.message).toMatch(/^Invalid argument for item:get: it holds a Date/);
    expect(called).not.toHaveBeenCalled();
    // And a legitimate argument still reaches its handler.
    expect((await dispatch('item:get', { id: 'task-1' }, fromApp)).ok).toBe(true);
    expect(called).toHaveBeenCalledTimes(1);
  });

  it('answers every random argument, however deep or large, with a Result and never throws', async () => {
    const { dispatch } = stubDispatcher();
    const deepened = fc
      .tuple(fc.jsonValue({ maxDepth: 3 }), fc.integer({ min: 1, max: 20_000 }), fc.boolean())
      .map(([leaf, levels, asList]) => {
        let value: unknown = leaf;
        for (let i = 0; i < levels; i++) value = asList ? [value] : { payload: value };
        return value;
      });
    const large = fc
      .tuple(fc.string({ maxLength: 8 }), fc.integer({ min: 1, max: 400_000 }))
      .map(([unit, times]) => ({ id: 'task-1', text: unit.repeat(times) }));
    const argument = fc.oneof(
      fc.jsonValue({ maxDepth: 12 }),
      fc.anything({
        maxDepth: 10,
        withBigInt: true,
        withDate: true,
        withMap: true,
        withSet: true,
        withTypedArray: true,
        withNullPrototype: true,
        withObjectString: true,
        withSparseArray: true,
      }),
      deepened,
      large,
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...channels), argument, async (channel, arg) => {
        const result = await dispatch(channel, arg, fromApp);
        expect(typeof result.ok).toBe('boolean');
        if (!result.ok) expect(result.error.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });
});

/**
 * Once the walk has bounded depth and total size, zod bounds the rest, provided no string or list
 * in a schema is unbounded. This walks each channel's schema and names any that is.
 */
describe('the contract bounds every string and list', () => {
  interface Def {
    type: string;
    checks?: { _zod: { def: { check: string } } }[];
    shape?: Record<string, z.ZodType>;
    element?: z.ZodType;
    options?: z.ZodType[];
    discriminator?: string;
    values?: unknown[];
    innerType?: z.ZodType;
  }
  const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;
  const bounded = (def: Def) =>
    (def.checks ?? []).some((c) => ['max_length', 'length_equals'].includes(c._zod.def.check));

  /** Paths of strings and lists without a maximum; throws on a schema kind it does not know. */
  function unbounded(schema: z.ZodType, path: string): string[] {
    const def = defOf(schema);
    switch (def.type) {
      case 'string':
        return bounded(def) ? [] : [path];
      case 'array':
        return [...(bounded(def) ? [] : [path]), ...unbounded(def.element!, `${path}[]`)];
      case 'object':
        return Object.entries(def.shape!).flatMap(([key, field]) => unbounded(field, `${path}.${key}`));
      case 'union':
        return def.options!.flatMap((option, i) => {
          const tag = def.discriminator === undefined ? i : defOf(defOf(option).shape![def.discriminator]!).values![0];
          return unbounded(option, `${path}|${String(tag)}`);
        });
      case 'optional':
      case 'nullable':
        return unbounded(def.innerType!, path);
      case 'enum':
      case 'literal':
      case 'number':
      case 'boolean':
        return [];
      default:
        throw new Error(`${path}: a ${def.type} schema; teach this test whether it is bounded`);
    }
  }

  it.each(channels)('%s', (channel) => {
    expect(unbounded(argumentSchemas[channel], channel)).toEqual([]);
  });

  it('would notice an unbounded string or list', async () => {
    const { z: zod } = await import('zod');
    const schema = zod.object({ a: zod.string().regex(/^x+$/), b: zod.array(zod.string().max(3)) });
    expect(unbounded(schema, 'sample')).toEqual(['sample.a', 'sample.b']);
  });
});
