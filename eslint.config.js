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

const RENDERER_FORBIDDEN = [
  'electron',
  'electron-store',
  ...NODE_BUILTINS,
  '**/main/**',
  '**/preload/**',
  '**/domain/**',
  '**/demo-clinic/**',
];
const RENDERER_MESSAGE = 'The renderer imports only src/shared: everything else reaches it through the preload API.';

/** src/renderer/src is sorted by capability, as src/main is; ui/ and shell/ serve them all. */
const RENDERER_FOLDERS = ['inbox', 'item', 'triage', 'renewals', 'results', 'session', 'sync', 'shell', 'ui'];
const CAPABILITY_MESSAGE =
  'A capability folder imports ui/ and shell/keymap, not another capability: move what both need to ui/, or name the exception in eslint.config.js.';

/** What every capability folder may import: the shared pieces and the shortcut table. */
const FOR_EVERY_CAPABILITY = ['ui', 'shell/keymap'];

/**
 * One renderer folder and what it may import of the others: whole folders ('triage') or single
 * files ('item/item-words'). (A file's rules replace the renderer-wide one, so that is repeated.)
 */
const rendererFolder = (folder, mayImport, message) => {
  const closed = RENDERER_FOLDERS.filter((f) => f !== folder && !mayImport.includes(f));
  const openFiles = mayImport.filter((f) => f.includes('/'));
  const folders =
    closed.length === 0
      ? []
      : [{ group: [...closed.map((f) => `**/${f}/**`), ...openFiles.map((f) => `!**/${f}`)], message }];
  return {
    files: [`src/renderer/src/${folder}/**`],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: RENDERER_FORBIDDEN, message: RENDERER_MESSAGE }, ...folders] },
      ],
    },
  };
};

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
  layer(['src/renderer/**'], RENDERER_FORBIDDEN, RENDERER_MESSAGE),
  // Inside the renderer, folder by folder (src/renderer/src/shell/README.md draws the map).
  rendererFolder('ui', [], 'ui/ holds what no capability owns: it imports no other renderer folder.'),
  rendererFolder('shell', RENDERER_FOLDERS, 'The shell composes the page: it may import every folder.'),
  {
    // The one file every capability may import from the shell: it must not lead back into them.
    ...rendererFolder('shell', ['ui'], 'keymap.ts is the shortcut table every folder reads: it imports no capability.'),
    files: ['src/renderer/src/shell/keymap.ts'],
  },
  rendererFolder(
    'inbox',
    [
      ...FOR_EVERY_CAPABILITY,
      // A row is drawn in its kind's own words and badges.
      'item/badges',
      'item/item-words',
      'renewals/readiness-badge',
      'renewals/renewal-words',
      'results/severity-badge',
      'results/result-words',
    ],
    CAPABILITY_MESSAGE,
  ),
  rendererFolder(
    'item',
    [
      ...FOR_EVERY_CAPABILITY,
      // The item pane's actions write with triage's composer, quick texts, drafts and route dialog,
      // and it shows the emergency banner.
      'triage',
      // The pane hosts the panel of each kind of item, and the notice of an action the portal refused.
      'renewals/renewal-panel',
      'results/result-panel',
      'sync/stopped-notice',
    ],
    CAPABILITY_MESSAGE,
  ),
  // The emergency banner names an emergency in the same words as the item's badge.
  rendererFolder('triage', [...FOR_EVERY_CAPABILITY, 'item/item-words'], CAPABILITY_MESSAGE),
  rendererFolder('renewals', FOR_EVERY_CAPABILITY, CAPABILITY_MESSAGE),
  rendererFolder('results', FOR_EVERY_CAPABILITY, CAPABILITY_MESSAGE),
  rendererFolder(
    'session',
    [
      ...FOR_EVERY_CAPABILITY,
      // The gate mounts the desk once someone is signed in, and forgets the drafts when they leave.
      'shell/App',
      'triage/use-drafts',
    ],
    CAPABILITY_MESSAGE,
  ),
  rendererFolder('sync', FOR_EVERY_CAPABILITY, CAPABILITY_MESSAGE),
  {
    // One way for the page to call `act`: the hook keeps the busy flag and main's refusal. One
    // table of shortcuts: a control names its key from it.
    files: ['src/renderer/**'],
    ignores: ['src/renderer/src/ui/use-act.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
        ...SQLITE_OPENER,
        {
          selector: "CallExpression[callee.type='MemberExpression'][callee.property.name='act']",
          message: 'Call act through useAct (src/renderer/src/ui/use-act.ts).',
        },
        {
          selector: "JSXAttribute[name.name='aria-keyshortcuts'][value.type='Literal']",
          message: "Take the key from the shortcut table: aria-keyshortcuts={keyshortcut('…')} (shell/keymap.ts).",
        },
      ],
    },
  },
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
