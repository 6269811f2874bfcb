// Module loader hooks (node:module register): `electron` is the stand-in, everything else as usual.
let electron = '';

export function initialize(data) {
  electron = data.electron;
}

export async function resolve(specifier, context, next) {
  if (specifier === 'electron' || specifier === 'electron/main') return { url: electron, shortCircuit: true };
  return next(specifier, context);
}
