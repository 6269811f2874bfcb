// Loaded with `node --import` before the built shell (out/main/index.js): makes `import … from
// 'electron'` resolve to the recording stand-in beside this file, and makes the SQLite driver's
// own binary unloadable, as it is under Electron (built for Node's ABI, 115; Electron 45 needs 150).
// Only the file the shell passes as its native binding loads. Node's own fetch is refused too: in
// the app every portal request goes through Electron's net.fetch.
import { register } from 'node:module';
import { resolve } from 'node:path';
import { report } from './report.mjs';

register('./hooks.mjs', import.meta.url, { data: { electron: new URL('./electron.mjs', import.meta.url).href } });

const platform = process.env['STAND_IN_PLATFORM'];
if (platform) Object.defineProperty(process, 'platform', { value: platform });

const binding = process.env['STAND_IN_NATIVE_BINDING'] ? resolve(process.env['STAND_IN_NATIVE_BINDING']) : null;
const dlopen = process.dlopen.bind(process);
process.dlopen = (module, filename, ...flags) => {
  const file = resolve(filename);
  report('process.dlopen', [file]);
  if (file !== binding) {
    // Node's own words for an ABI mismatch, which is what Electron says of Node's build.
    const error = new Error(
      `The module '${file}'\nwas compiled against a different Node.js version using\nNODE_MODULE_VERSION 115. ` +
        'This version of Node.js requires\nNODE_MODULE_VERSION 150. Please try re-compiling or re-installing\n' +
        'the module (for instance, using `npm rebuild` or `npm install`).',
    );
    error.code = 'ERR_DLOPEN_FAILED';
    throw error;
  }
  return dlopen(module, filename, ...flags);
};

const nodeFetch = globalThis.fetch.bind(globalThis);
globalThis[Symbol.for('triage-desk.stand-in.fetch')] = nodeFetch;
globalThis.fetch = (input, init) => {
  const url = input instanceof Request ? input.url : String(input);
  report('node.fetch', [init?.method ?? 'GET', url]);
  return Promise.reject(new TypeError(`stand-in: Node's fetch was used for ${url}; portal traffic must use net.fetch`));
};
