// `npm run package`: builds the app and its installers (electron-builder, config in
// electron-builder.json5). Extra arguments go to electron-builder:
//
//   npm run package -- --win --x64
//
// electron-builder rebuilds the SQLite driver in node_modules for Electron's ABI. Afterwards, and
// whether packaging worked, failed or was interrupted, the driver is rebuilt for Node, which the
// tests and the CLI load; an npm `postpackage` script would not run after a failure.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { electronToolingNodeWarning, PROJECT_ROOT } from './electron-launch.mjs';
import { npmTool } from './npm-tool.mjs';

const DRIVER = 'better-sqlite3-multiple-ciphers';

function run(command, args) {
  const result = spawnSync(command, args, { cwd: PROJECT_ROOT, stdio: 'inherit' });
  if (result.error) console.error(`package: could not run ${command}: ${result.error.message}`);
  return result.status ?? 1;
}

// Ctrl+C reaches electron-builder too; this process stays to put the driver back.
process.on('SIGINT', () => console.error('\npackage: interrupted; rebuilding the SQLite driver for Node…'));

const oldNode = electronToolingNodeWarning();
if (oldNode) console.warn(oldNode);

const [npx, ...npxPrefix] = npmTool('npx');
let status = run(npx, [...npxPrefix, '--no', '--', 'electron-vite', 'build']);
let touchedNodeModules = false;
if (status === 0) {
  touchedNodeModules = true;
  status = run(npx, [
    ...npxPrefix,
    '--no',
    '--',
    'electron-builder',
    '--config',
    join(PROJECT_ROOT, 'electron-builder.json5'),
    '--publish',
    'never',
    ...process.argv.slice(2),
  ]);
}
if (touchedNodeModules) {
  const [npm, ...npmPrefix] = npmTool('npm');
  const restored = run(npm, [...npmPrefix, 'rebuild', DRIVER]);
  if (restored !== 0) {
    console.error(
      `package: rebuilding ${DRIVER} for Node failed; the tests and the CLI need it. Run \`npm rebuild ${DRIVER}\`.`,
    );
    status ||= restored;
  }
}
if (status === 0) console.log('package: installers are in dist/');
else console.error(`package: failed (exit ${status}); see the output above.`);
process.exit(status);
