import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The command line that runs npm's own `npm` or `npx` with this Node. On Windows both are .cmd
 * shims, which Node refuses to spawn without a shell (CVE-2024-27980); npm's JS entry points
 * avoid the shim and the shell alike.
 */
export function npmTool(name) {
  const binDirs = [
    process.env['npm_execpath'] && dirname(process.env['npm_execpath']),
    join(dirname(process.execPath), 'node_modules', 'npm', 'bin'),
    join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin'),
  ];
  for (const dir of binDirs) {
    const cli = dir && join(dir, `${name}-cli.js`);
    if (cli && existsSync(cli)) return [process.execPath, cli];
  }
  return [process.platform === 'win32' ? `${name}.cmd` : name];
}
