import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../src/main/shell/test-support/built-app';
import { ELECTRON_APP_ARGS, electronToolingNodeWarning, PROJECT_ROOT } from './electron-launch.mjs';

let dir: string;
beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'triage-desk-launch-'));
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A plain `npm start` environment: none of the switches a developer may have set for electron-vite. */
function previewEnv(electron: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ELECTRON_EXEC_PATH: electron };
  for (const name of ['NO_SANDBOX', 'ELECTRON_CLI_ARGS', 'ELECTRON_ENTRY', 'REMOTE_DEBUGGING_PORT']) delete env[name];
  return env;
}

describe('how Electron is launched', () => {
  // The stand-in binary is a script with a #! line, which Windows will not run.
  it.skipIf(process.platform === 'win32')(
    'is what electron-vite preview (npm start) does: the same arguments, from the project folder',
    () => {
      // A stand-in Electron binary that writes down how it was started.
      const record = join(dir, 'launched.json');
      const fakeElectron = join(dir, 'electron');
      writeFileSync(
        fakeElectron,
        `#!${process.execPath}\nrequire('node:fs').writeFileSync(${JSON.stringify(record)}, JSON.stringify({ args: process.argv.slice(2), cwd: process.cwd() }));\n`,
      );
      chmodSync(fakeElectron, 0o755);
      const preview = spawnSync(
        process.execPath,
        [join(PROJECT_ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'preview', '--skipBuild'],
        {
          cwd: PROJECT_ROOT,
          env: previewEnv(fakeElectron),
          encoding: 'utf8',
          timeout: 60_000,
        },
      );
      expect(preview.status, preview.stderr).toBe(0);
      const launched = JSON.parse(readFileSync(record, 'utf8')) as { args: string[]; cwd: string };
      expect(launched.args).toEqual([...ELECTRON_APP_ARGS]);
      expect(realpathSync(launched.cwd)).toBe(realpathSync(PROJECT_ROOT));
    },
    60_000,
  );

  it('warns on a Node older than Electron’s tooling asks for', () => {
    expect(electronToolingNodeWarning('20.20.2')).toMatch(/Node 22\.12\.0 or newer/);
    expect(electronToolingNodeWarning('22.12.0')).toBeNull();
    expect(electronToolingNodeWarning('24.1.0')).toBeNull();
  });
});
