// Every call the shell makes into the stand-in goes to the test (the parent process) as it happens.

/** JSON-safe: functions and class instances as their names, nothing deeper than a few levels. */
function plain(value, depth = 0) {
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return value;
  if (value === undefined) return null;
  if (typeof value === 'function') return `[function ${value.name || 'anonymous'}]`;
  if (depth > 6) return '[deep]';
  if (Array.isArray(value)) return value.map((item) => plain(item, depth + 1));
  if (Buffer.isBuffer(value)) return `[buffer ${value.length}]`;
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return `[${value.constructor?.name ?? 'object'}]`;
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, plain(item, depth + 1)]));
  }
  return String(value);
}

export function report(api, args = []) {
  process.send?.({ type: 'call', api, args: plain(args) });
}
