/**
 * Bounds on what the renderer may send, checked before zod sees it. Zod walks an argument
 * recursively and reports every issue it finds, so a 10^6-deep or cyclic object (structured clone
 * carries cycles) would overflow main's stack, and a 100 MB string or a million-item list would be
 * walked in full before its schema said no. This walk is iterative and stops at the first limit
 * passed, so its work is bounded by the limits, not by what arrived.
 *
 * Why these numbers (measured on src/shared/ipc/contract.ts and src/shared/staff-actions.ts):
 * - Depth: the deepest argument is `item:act` with `release`: argument → payload → labels[] →
 *   label → security[] → entry, 6 levels of objects and lists. 8 leaves two levels of margin.
 * - Size: the largest argument the renderer really sends is a renewal (`renew`/`pend`: a
 *   10,000-character note, a 1,000-character dosage, the terms) or a batch release (200 ids of up
 *   to 64 characters and a 4,000-character comment): about 12,000 to 17,000 characters, at most
 *   36 KB in UTF-8. 256 KiB is seven times that. The `release` labels and `renew` prescription the
 *   schema allows could exceed it at their maxima, but main fills those in from the cache and
 *   ignores the renderer's copy, so refusing an oversized one refuses nothing a person did.
 * - Fields: the widest object (`inbox:list` and its filters, prescription terms) has 5; 64 is
 *   far above any schema and still a small walk.
 * - List items: the longest list is 200 ids (batch approval and release); 1,000 leaves room.
 */
export interface ArgumentLimits {
  /** UTF-8 bytes of the argument written as JSON (approximately: escapes are not counted). */
  maxBytes: number;
  /** Objects and lists inside one another; the argument itself is level 1. */
  maxDepth: number;
  maxKeysPerObject: number;
  maxItemsPerArray: number;
}

export const ARGUMENT_LIMITS: ArgumentLimits = {
  maxBytes: 256 * 1024,
  maxDepth: 8,
  maxKeysPerObject: 64,
  maxItemsPerArray: 1_000,
};

const PLAIN_DATA = 'only text, numbers, true/false, lists and fields are accepted';

/**
 * Why this argument is refused, in words for the error the renderer shows; null when it is plain
 * JSON-like data within the limits. `undefined` is let through (structured clone keeps an
 * optional field left undefined, and zod treats it as absent).
 */
export function argumentRefusal(argument: unknown, limits: ArgumentLimits = ARGUMENT_LIMITS): string | null {
  try {
    return walk(argument, limits);
  } catch {
    // Only a Proxy or an exotic object can throw while being looked at; neither is plain data.
    return `it could not be read as plain data (${PLAIN_DATA})`;
  }
}

function walk(argument: unknown, limits: ArgumentLimits): string | null {
  const tooBig = `it is larger than ${formatBytes(limits.maxBytes)}`;
  let bytes = 0;
  const pending: { value: unknown; depth: number }[] = [{ value: argument, depth: 0 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { value, depth } = next;
    // Every value costs at least its separator, so the budget also bounds how many are visited.
    bytes += 1;
    if (typeof value === 'string') {
      // Cheap length test first: a string longer than the budget is refused without being scanned.
      if (value.length > limits.maxBytes - bytes) return tooBig;
      bytes += Buffer.byteLength(value, 'utf8') + 2;
    } else if (typeof value === 'number') {
      if (!Number.isFinite(value)) return `it holds the number ${String(value)}, which JSON cannot hold`;
      bytes += String(value).length;
    } else if (typeof value === 'boolean' || value === null || value === undefined) {
      bytes += 4;
    } else if (Array.isArray(value)) {
      if (depth + 1 > limits.maxDepth) return `it is nested more than ${limits.maxDepth} levels deep`;
      if (value.length > limits.maxItemsPerArray) {
        return `a list in it has more than ${limits.maxItemsPerArray.toLocaleString('en-US')} items`;
      }
      bytes += 2;
      for (let i = value.length - 1; i >= 0; i--) pending.push({ value: value[i] as unknown, depth: depth + 1 });
    } else if (typeof value === 'object') {
      const refusal = notPlainObject(value);
      if (refusal !== null) return refusal;
      if (depth + 1 > limits.maxDepth) return `it is nested more than ${limits.maxDepth} levels deep`;
      const keys = Object.keys(value);
      if (keys.length > limits.maxKeysPerObject) {
        return `an object in it has more than ${limits.maxKeysPerObject} fields`;
      }
      bytes += 2;
      for (const key of keys) {
        if (key.length > limits.maxBytes - bytes) return tooBig;
        bytes += Buffer.byteLength(key, 'utf8') + 3;
        const field = Object.getOwnPropertyDescriptor(value, key);
        // A getter would run code of the sender's choosing on every read zod makes.
        if (field === undefined || !('value' in field)) return `its field "${key}" is computed, not plain data`;
        pending.push({ value: field.value as unknown, depth: depth + 1 });
      }
    } else {
      return `it holds ${withArticle(typeof value)}, which is not plain data (${PLAIN_DATA})`;
    }
    if (bytes > limits.maxBytes) return tooBig;
  }
  return null;
}

/**
 * Plain objects only: structured clone over Electron's IPC also carries Dates, Maps, Sets, typed
 * arrays, RegExps and Errors, none of which the contract has a use for. Checked by prototype shape
 * rather than identity with this realm's Object.prototype, so an object built in another realm
 * (a test's vm context) is still recognised.
 */
function notPlainObject(value: object): string | null {
  const proto = Object.getPrototypeOf(value) as object | null;
  if (proto === null || Object.getPrototypeOf(proto) === null) return null;
  const tag = Object.prototype.toString.call(value).slice('[object '.length, -1);
  const what = tag === 'Object' ? 'an object made by code (a class instance)' : withArticle(tag);
  return `it holds ${what}, which is not plain data (${PLAIN_DATA})`;
}

// "a Uint8Array", "an Error": the nouns that reach here start with u only as "Uint".
const withArticle = (noun: string): string => `${/^[aeio]/i.test(noun) ? 'an' : 'a'} ${noun}`;

function formatBytes(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes.toLocaleString('en-US')} bytes`;
}
