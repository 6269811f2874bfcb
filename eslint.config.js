// @ts-check
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/**
 * Where each file may run decides what it may import. A wrong import fails lint (and, for DOM or
 * Node globals, the separate tsconfigs), not a review.
 */
const layer = (files, forbidden, message) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', { patterns: [{ group: forbidden, message }] }],
  },
});

const NODE_BUILTINS = [
  'node:*',
  'fs',
  'fs/*',
  'path',
  'os',
  'child_process',
  'http',
  'https',
  'net',
  'crypto',
  'url',
  'util',
];

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'scratch/**',
      '.native/**',
    ],
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['eslint.config.js', 'scripts/*.mjs', 'bin/*.mjs'] } },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Config files are the exception the tools require.
    files: ['*.config.ts', 'eslint.config.js'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  layer(
    ['src/renderer/**'],
    ['electron', 'electron-store', ...NODE_BUILTINS, '**/main/**', '**/preload/**', '**/domain/**'],
    'The renderer imports only src/shared: everything else reaches it through the preload API.',
  ),
  layer(
    ['src/shared/**'],
    [
      'electron',
      'electron-store',
      'react',
      'react-dom',
      ...NODE_BUILTINS,
      '**/main/**',
      '**/preload/**',
      '**/renderer/**',
      '**/domain/**',
    ],
    'src/shared is used by every process: it imports no runtime-specific code.',
  ),
  layer(
    ['src/domain/**'],
    [
      'electron',
      'electron-store',
      'react',
      'react-dom',
      ...NODE_BUILTINS,
      '**/main/**',
      '**/preload/**',
      '**/renderer/**',
    ],
    'Domain code is pure: no Electron, no DOM, no I/O. Pass what it needs in as parameters.',
  ),
  layer(
    ['src/simulator/**'],
    ['electron', 'electron-store', 'react', 'react-dom', '**/main/**', '**/preload/**', '**/renderer/**'],
    'The portal simulator stands alone (inside the app, standalone, in tests): no Electron, no app internals.',
  ),
  layer(
    ['src/preload/**'],
    ['electron-store', ...NODE_BUILTINS, '**/main/**', '**/renderer/**', '**/domain/**'],
    'The preload exposes named functions from src/shared and nothing else.',
  ),
  {
    ...layer(
      ['src/main/**'],
      ['electron', 'electron-store', '**/renderer/**', '**/preload/**'],
      'Electron stays in the thin shell (src/main/index.ts, settings-store.ts) so the rest runs under plain Node.',
    ),
    ignores: ['src/main/index.ts', 'src/main/settings/settings-store.ts'],
  },
  {
    files: ['src/renderer/**/*.tsx', 'src/renderer/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
);
