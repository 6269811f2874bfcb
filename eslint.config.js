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

/** What pure code (src/domain, src/demo-clinic) may not import: no runtime, no app layer. */
const PURE_FORBIDDEN = [
  'electron',
  'electron-store',
  'react',
  'react-dom',
  ...NODE_BUILTINS,
  '**/main/**',
  '**/preload/**',
  '**/renderer/**',
];

/**
 * SQLite files are opened only by src/sqlite/open-sqlite.ts, which passes on the driver built for
 * Electron's ABI: an open anywhere else would load Node's build and fail the app's first start.
 */
const SQLITE_OPENER_MESSAGE =
  'Open SQLite files with openSqlite (src/sqlite/open-sqlite.ts), which takes the Electron binding.';
const SQLITE_OPENER = [
  { selector: "NewExpression[callee.name='Database']", message: SQLITE_OPENER_MESSAGE },
  {
    selector: "ImportDeclaration[source.value='better-sqlite3-multiple-ciphers'][importKind!='type']",
    message: SQLITE_OPENER_MESSAGE,
  },
  {
    selector: "ImportDeclaration[source.value='better-sqlite3'][importKind!='type']",
    message: SQLITE_OPENER_MESSAGE,
  },
];

const PORTAL_FETCH_MESSAGE =
  'Take the PortalFetch you are given (src/main/net/portal-fetch.ts): Node’s fetch ignores the clinic’s proxy and certificates.';

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
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
        ...SQLITE_OPENER,
      ],
    },
  },
  {
    // The one opener: every database the app opens under Electron needs the binding it passes on.
    files: ['src/sqlite/open-sqlite.ts'],
    rules: {
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
    [
      'electron',
      'electron-store',
      ...NODE_BUILTINS,
      '**/main/**',
      '**/preload/**',
      '**/domain/**',
      '**/demo-clinic/**',
    ],
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
      '**/demo-clinic/**',
    ],
    'src/shared is used by every process: it imports no runtime-specific code.',
  ),
  {
    ...layer(
      ['src/domain/**'],
      [...PURE_FORBIDDEN, '**/demo-clinic/**'],
      'Domain code is pure: no Electron, no DOM, no I/O, and no demo data (src/demo-clinic). Pass what it needs in as parameters.',
    ),
    ignores: ['**/*.test.ts', '**/test-support/**'],
  },
  // Domain tests may score the rules against the demo clinic's generated ground truth.
  layer(
    ['src/domain/**/*.test.ts', 'src/domain/**/test-support/**'],
    PURE_FORBIDDEN,
    'Domain code is pure: no Electron, no DOM, no I/O. Pass what it needs in as parameters.',
  ),
  layer(
    ['src/demo-clinic/**'],
    PURE_FORBIDDEN,
    'The demo clinic generates synthetic data for the simulator, the seed command and tests: it builds on src/domain and src/shared only, with no Electron, no DOM and no I/O.',
  ),
  layer(
    ['src/simulator/**'],
    ['electron', 'electron-store', 'react', 'react-dom', '**/main/**', '**/preload/**', '**/renderer/**'],
    'The portal simulator stands alone (inside the app, standalone, in tests): no Electron, no app internals.',
  ),
  layer(
    ['src/sqlite/**'],
    [
      'electron',
      'electron-store',
      'react',
      'react-dom',
      '**/main/**',
      '**/preload/**',
      '**/renderer/**',
      '**/simulator/**',
      '**/domain/**',
      '**/demo-clinic/**',
    ],
    'src/sqlite is the driver seam shared by the app and the simulator: it imports neither.',
  ),
  layer(
    ['src/preload/**'],
    ['electron-store', ...NODE_BUILTINS, '**/main/**', '**/renderer/**', '**/domain/**', '**/demo-clinic/**'],
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
    // Every request to the portal takes the fetch the desk was given: Electron's, with the system
    // proxy and certificate store (src/main/net/portal-fetch.ts says why). Tests use Node's freely.
    files: ['src/main/**/*.ts'],
    ignores: ['src/main/net/portal-fetch.ts', '**/*.test.ts', '**/test-support/**'],
    rules: {
      'no-restricted-globals': ['error', { name: 'fetch', message: PORTAL_FETCH_MESSAGE }],
      'no-restricted-properties': ['error', { object: 'globalThis', property: 'fetch', message: PORTAL_FETCH_MESSAGE }],
    },
  },
  {
    files: ['src/renderer/**/*.tsx', 'src/renderer/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
);
