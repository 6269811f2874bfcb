/**
 * The words of the "could not start" box. An error of the SQLite module built for another runtime
 * says only "NODE_MODULE_VERSION 115 … requires 150", which tells a clinic's IT nothing about what
 * to do; what to do is said first, the original after.
 */
export function startupProblem(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/NODE_MODULE_VERSION|compiled against a different Node\.js version/.test(message)) {
    return [
      'The SQLite module was built for another runtime than this Electron, so the local cache and the demo portal cannot open.',
      'From a source checkout, start the app with `npm start`: it prepares the module for Electron in .native/electron/. An installed app must be reinstalled.',
      `(${message})`,
    ].join('\n\n');
  }
  return message;
}
