import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_INDEX_URL, APP_ORIGIN, openAppFile, resolveAppRequest } from './app-protocol';
import { CONTENT_SECURITY_POLICY } from './hardening';

/** Written into every file the page must never read, so a leak shows up in any response body. */
const CANARY = 'CANARY-outside-the-bundle';
const A = `${APP_ORIGIN}/`;

let base: string;
let root: string;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'app-protocol-'));
  root = join(base, 'renderer');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<!doctype html><title>Triage Desk</title>');
  await writeFile(join(root, 'assets', 'index-Ab_c-9.js'), 'console.log(1);');
  await writeFile(join(root, 'assets', 'index-DY8z.css'), 'body{}');
  await writeFile(join(root, 'assets', 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  await writeFile(join(root, 'assets', 'index-Ab_c-9.js.map'), '{}');
  await writeFile(join(root, '.env'), CANARY);
  await writeFile(join(root, 'assets', '.hidden.js'), CANARY);
  await writeFile(join(root, 'notes.txt'), CANARY);
  await writeFile(join(base, 'secret.js'), CANARY);
  // A sibling whose name starts with the bundle folder's: a bare prefix check would let it through.
  await mkdir(join(base, 'renderer-evil'));
  await writeFile(join(base, 'renderer-evil', 'index.html'), CANARY);
  await symlink(join(base, 'secret.js'), join(root, 'assets', 'link.js'));
  await symlink(base, join(root, 'linked-dir'));
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

/** Each payload with what it tries. None may be served. */
const TRAVERSAL_CORPUS: readonly (readonly [string, string])[] = [
  [`${A}../secret.js`, 'plain dot segment'],
  [`${A}../../secret.js`, 'two dot segments'],
  [`${A}assets/../../secret.js`, 'dot segments after a real folder'],
  [`${A}../renderer-evil/index.html`, 'sibling folder sharing the prefix'],
  [`${A}%2e%2e/renderer-evil/index.html`, 'encoded sibling folder'],
  [`${A}%2e%2e/secret.js`, 'encoded dots'],
  [`${A}%2E%2E/secret.js`, 'encoded dots, upper case'],
  [`${A}%2e%2e%2fsecret.js`, 'encoded dots and slash'],
  [`${A}..%2fsecret.js`, 'encoded slash only'],
  [`${A}%2e%2e%2f%2e%2e%2fsecret.js`, 'two encoded segments'],
  [`${A}.%2e/secret.js`, 'half-encoded dots'],
  [`${A}%2e./secret.js`, 'half-encoded dots, other half'],
  [`${A}%252e%252e/secret.js`, 'double-encoded dots'],
  [`${A}%252e%252e%252fsecret.js`, 'double-encoded dots and slash'],
  [`${A}%25252e%25252e/secret.js`, 'triple-encoded dots'],
  [`${A}..%255csecret.js`, 'double-encoded backslash'],
  [`${A}..\\secret.js`, 'backslash'],
  [`${A}..%5csecret.js`, 'encoded backslash'],
  [`${A}..%5Csecret.js`, 'encoded backslash, upper case'],
  [`${A}assets\\..\\..\\secret.js`, 'backslashes throughout'],
  [`${A}assets/..\\../secret.js`, 'mixed slashes'],
  [`${A}%5c..%5csecret.js`, 'leading encoded backslash'],
  [`${A}%c0%ae%c0%ae/secret.js`, 'overlong UTF-8 dots'],
  [`${A}%c0%ae%c0%ae%c0%afsecret.js`, 'overlong UTF-8 dots and slash'],
  [`${A}%e0%80%ae%e0%80%ae/secret.js`, 'three-byte overlong dots'],
  [`${A}..%c0%afsecret.js`, 'overlong UTF-8 slash'],
  [`${A}..%c1%9csecret.js`, 'overlong UTF-8 backslash'],
  [`${A}%u002e%u002e/secret.js`, 'IIS-style unicode escapes'],
  [`${A}%ef%bc%8e%ef%bc%8e/secret.js`, 'full-width dots'],
  [`${A}%e2%80%a4%e2%80%a4/secret.js`, 'one-dot leaders'],
  [`${A}index.html%00.js`, 'encoded NUL before an allowed extension'],
  [`${A}index.html%00`, 'trailing encoded NUL'],
  [`${A}%00../secret.js`, 'NUL before dots'],
  [`${A}..%00/secret.js`, 'NUL after dots'],
  [`${A}index.html\u0000`, 'raw NUL'],
  [`${A}index.html%0a`, 'encoded newline'],
  [`${A}assets/%0d%0a.js`, 'encoded CRLF'],
  [`${A}assets/\tindex-Ab_c-9.js`, 'raw tab'],
  [`${A}index.html%20`, 'trailing encoded space'],
  [`${A}index.html.`, 'trailing dot (Windows strips it)'],
  [`${A}index.html::$DATA`, 'NTFS alternate stream'],
  [`${A}index.html?../../secret.js`, 'query carrying a path'],
  [`${A}index.html#../../secret.js`, 'fragment carrying a path'],
  [`${A}%3f/../secret.js`, 'encoded question mark'],
  [`${A}index.html%23.js`, 'encoded hash'],
  [`${A}index.html;../../secret.js`, 'path parameter'],
  [`${A}/etc/passwd`, 'double slash to an absolute path'],
  [`${A}//secret.js`, 'triple slash'],
  [`${A}%2fetc%2fpasswd`, 'encoded absolute path'],
  [`${A}%2f%2fserver%2fshare%2fsecret.js`, 'encoded UNC path'],
  [`${A}%5c%5cserver%5cshare%5csecret.js`, 'encoded backslash UNC path'],
  [`${A}\\\\server\\share\\secret.js`, 'raw UNC path'],
  [`${A}C:/Windows/win.ini`, 'drive letter'],
  [`${A}C%3a%5cWindows%5cwin.ini`, 'encoded drive letter'],
  [`${A}.env`, 'dotfile at the root'],
  [`${A}%2eenv`, 'encoded dotfile'],
  [`${A}assets/.hidden.js`, 'dotfile with an allowed extension'],
  [`${A}./index.html`, 'single-dot segment'],
  [`${A}index.html/.`, 'trailing single-dot segment'],
  [`${A}notes.txt`, 'file type the build never emits'],
  [`${A}assets/link.js`, 'symlink to a file outside the bundle'],
  [`${A}linked-dir/secret.js`, 'symlinked folder outside the bundle'],
  [`${A}assets`, 'a folder'],
  [`${A}assets/`, 'a folder with a trailing slash'],
  [`${A}assets/nul.js`, 'Windows device name'],
  [`${A}CON.html`, 'Windows device name, upper case'],
  [`${A}missing.js`, 'a file that does not exist'],
  ['app://evil/index.html', 'another host'],
  ['app://triage-desk.evil.example/index.html', 'a host that starts with ours'],
  ['app://triage-desk@evil/index.html', 'our host as user info'],
  ['app://evil@triage-desk/index.html', 'user info before our host'],
  ['app://triage-desk:8080/index.html', 'a port'],
  ['app://TRIAGE-DESK/index.html', 'upper-case host (Chromium sends lower case)'],
  ['app:/index.html', 'no authority'],
  ['app:index.html', 'opaque path'],
  ['app:///index.html', 'empty host'],
  ['file:///etc/passwd', 'file scheme'],
  ['file://triage-desk/index.html', 'file scheme, our host'],
  ['https://triage-desk/index.html', 'https scheme, our host'],
  ['http://localhost:5173/index.html', 'the dev server'],
  ['javascript:alert(1)', 'javascript URL'],
  ['data:text/html,<script>alert(1)</script>', 'data URL'],
  ['', 'empty'],
  [`${A}${'a/'.repeat(600)}index.html`, 'very long path'],
  [`${A}${'%2e%2e/'.repeat(200)}secret.js`, 'very many encoded dot segments'],
  [`${A}${'x'.repeat(2000)}.js`, 'very long file name'],
];

describe('the app:// protocol handler', () => {
  it('has a corpus large enough to mean something', () => {
    expect(TRAVERSAL_CORPUS.length).toBeGreaterThanOrEqual(60);
  });

  it.each(TRAVERSAL_CORPUS)('refuses %j (%s)', async (url) => {
    const response = await openAppFile({ url }, root);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(String(response.body)).not.toContain(CANARY);
    expect(response.headers['X-Content-Type-Options']).toBe('nosniff');
  });

  it('serves the bundle with its type, the CSP and nosniff', async () => {
    const cases = [
      [APP_INDEX_URL, 'text/html; charset=utf-8', '<!doctype html><title>Triage Desk</title>'],
      [APP_ORIGIN, 'text/html; charset=utf-8', '<!doctype html><title>Triage Desk</title>'],
      [A, 'text/html; charset=utf-8', '<!doctype html><title>Triage Desk</title>'],
      [`${A}assets/index-Ab_c-9.js`, 'text/javascript; charset=utf-8', 'console.log(1);'],
      [`${A}assets/index-DY8z.css`, 'text/css; charset=utf-8', 'body{}'],
      [`${A}assets/logo.svg`, 'image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg"/>'],
      [`${A}assets/index-Ab_c-9.js.map`, 'application/json', '{}'],
      // Decoded once: an encoded ordinary letter is still that letter.
      [`${A}assets/index-Ab_c-9.%6as`, 'text/javascript; charset=utf-8', 'console.log(1);'],
    ] as const;
    for (const [url, type, text] of cases) {
      const response = await openAppFile({ url }, root);
      expect(response.status, url).toBe(200);
      expect(response.headers).toEqual({
        'Content-Type': type,
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        'X-Content-Type-Options': 'nosniff',
      });
      expect(Buffer.from(response.body).toString('utf8')).toBe(text);
    }
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    expect(await openAppFile({ url: APP_INDEX_URL, method: 'HEAD' }, root)).toMatchObject({ status: 200, body: '' });
    expect((await openAppFile({ url: APP_INDEX_URL, method: 'POST' }, root)).status).toBe(405);
    expect((await openAppFile({ url: APP_INDEX_URL, method: 'PUT' }, root)).status).toBe(405);
  });

  it('says why it refused: bad request, forbidden or missing', () => {
    expect(resolveAppRequest('https://triage-desk/index.html', root)).toEqual({ ok: false, status: 400 });
    expect(resolveAppRequest('app://evil/index.html', root)).toEqual({ ok: false, status: 403 });
    expect(resolveAppRequest(`${A}%c0%ae%c0%ae/secret.js`, root)).toEqual({ ok: false, status: 400 });
    expect(resolveAppRequest(`${A}%2e%2e/secret.js`, root)).toEqual({ ok: false, status: 403 });
    expect(resolveAppRequest(`${A}notes.txt`, root)).toEqual({ ok: false, status: 403 });
    expect(resolveAppRequest(`${A}assets/link.js`, root)).toEqual({
      ok: true,
      file: join(root, 'assets', 'link.js'),
      mimeType: 'text/javascript; charset=utf-8',
    });
  });

  it('never resolves outside the bundle, whatever follows the origin', () => {
    const pathChars = fc.constantFrom(...'./\\%2eE5cCa0fF:?#;@ \u0000\u00e9');
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: pathChars, maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 })),
        (tail) => {
          const resolved = resolveAppRequest(`${A}${tail}`, root);
          if (resolved.ok) expect(resolved.file.startsWith(root + sep)).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
