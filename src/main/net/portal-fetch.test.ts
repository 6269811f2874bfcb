import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const MAIN = join(import.meta.dirname, '..');

/** What reaches a server without the fetch the desk was given. */
const DIRECT_HTTP: readonly RegExp[] = [
  // A bare call of the global: `fetch(` not preceded by `.`, a word character or `$`.
  /(?<![\w.$])fetch\s*\(/g,
  /(?<!typeof\s+)globalThis\.fetch\b/g,
  // Node's own client (serving, as the sign-in's loopback listener does, is fine) and libraries.
  /\bhttps?\.(?:request|get)\s*\(/g,
  /import\s*\{[^}]*\b(?:request|get)\b[^}]*\}\s*from\s*['"]node:https?['"]/g,
  /from ['"](?:undici|node-fetch|axios|got)['"]/g,
];

function directHttp(source: string): string[] {
  // Comments may talk about fetch.
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
  return DIRECT_HTTP.flatMap((pattern) => [...code.matchAll(pattern)].map((match) => match[0]));
}

/** The app's own code in src/main: not tests and not their support files. */
function appSources(): string[] {
  return readdirSync(MAIN, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((file) => !file.split(/[\\/]/).includes('test-support'));
}

describe('portal traffic', () => {
  it('names Node’s fetch in one place only (portal-fetch.ts); everything else takes the fetch it is given', () => {
    const offenders = appSources()
      .filter((file) => file !== join(MAIN, 'net', 'portal-fetch.ts'))
      .flatMap((file) => directHttp(readFileSync(file, 'utf8')).map((what) => `${relative(MAIN, file)}: ${what}`));
    expect(offenders).toEqual([]);
  });

  it('finds what it looks for, and not the injected fetch', () => {
    expect(
      directHttp(`
        const a = await fetch(url);
        const b = globalThis.fetch;
        https.get('https://portal.example/');
        import { request } from 'node:https';
        // fetch(url) in a comment
        this.fetch(x);
        let t: typeof globalThis.fetch;
        const c = options.fetch ?? nodeFetch;
        import type { RequestListener } from 'node:http';
      `),
    ).toEqual(['fetch(', 'globalThis.fetch', 'https.get(', "import { request } from 'node:https'"]);
  });
});
