import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY } from './hardening';

/**
 * The renderer is served from `app://triage-desk/…` rather than `file://`: a file:// page shares
 * its origin with every file on the disk, while this origin holds the bundle and nothing else.
 * No Electron import here: the shell (src/main/index.ts) registers the scheme and hands requests
 * to `openAppFile`, which plain Node tests drive with a traversal corpus.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'triage-desk';
/** Node's URL gives custom schemes the origin "null", so the origin is spelled out, as Chromium reports it. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/** Far longer than any path the build emits; longer requests are probes. */
const MAX_URL_LENGTH = 1024;

/** The file types `electron-vite build` writes to out/renderer; anything else is not ours to serve. */
const MIME_TYPES: ReadonlyMap<string, string> = new Map([
  ['.html', 'text/html; charset=utf-8'],
  ['.js', 'text/javascript; charset=utf-8'],
  ['.css', 'text/css; charset=utf-8'],
  ['.svg', 'image/svg+xml'],
  ['.png', 'image/png'],
  ['.woff2', 'font/woff2'],
  ['.json', 'application/json'],
  ['.map', 'application/json'],
]);

/** Unreserved characters, the path separator and percent escapes: everything else in the raw URL is refused. */
const RAW_PATH = /^[A-Za-z0-9._~\-/%]*$/;
/** A decoded path segment: no leading dot (so no `.`, `..` or dotfiles), no `%`, `\`, `:`, NUL or spaces. */
const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;
/** Windows opens a device, not a file, for these names whatever the folder or extension. */
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com\d|lpt\d|conin\$|conout\$)(\.|$)/i;

export type AppRequestResolution =
  { ok: true; file: string; mimeType: string } | { ok: false; status: 400 | 403 | 404 };

/**
 * Maps `app://triage-desk/<path>` to a file under `rootDir`, or refuses. The path is checked on
 * the raw text first and decoded exactly once, so `%252e` stays the literal `%2e` (and is refused
 * for its `%`), never a dot. It does not touch the disk; `openAppFile` adds the symlink check.
 */
export function resolveAppRequest(url: string, rootDir: string): AppRequestResolution {
  if (url.length > MAX_URL_LENGTH) return { ok: false, status: 400 };
  const prefix = `${APP_ORIGIN}/`;
  let rawPath: string;
  if (url === APP_ORIGIN) rawPath = '';
  else if (url.startsWith(prefix)) rawPath = url.slice(prefix.length);
  else return { ok: false, status: otherOriginStatus(url) };
  // Queries and fragments are never part of a bundle file's address; `?` and `#` fail RAW_PATH.
  if (!RAW_PATH.test(rawPath)) return { ok: false, status: 400 };

  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    // Malformed escapes and invalid UTF-8 such as the overlong `%c0%ae`.
    return { ok: false, status: 400 };
  }
  const segments = decoded === '' ? ['index.html'] : decoded.split('/');
  if (segments.some((segment) => !SEGMENT.test(segment) || WINDOWS_DEVICE.test(segment))) {
    return { ok: false, status: 403 };
  }
  const mimeType = MIME_TYPES.get(extname(segments[segments.length - 1] ?? ''));
  if (mimeType === undefined) return { ok: false, status: 403 };

  // The segments above cannot climb, but the last word on containment is the resolved path.
  const root = resolve(rootDir);
  const file = resolve(root, ...segments);
  if (!file.startsWith(root + sep)) return { ok: false, status: 403 };
  return { ok: true, file, mimeType };
}

function otherOriginStatus(url: string): 400 | 403 {
  try {
    return new URL(url).protocol === `${APP_SCHEME}:` ? 403 : 400;
  } catch {
    return 400;
  }
}

/** What the shell turns into a fetch `Response` for `protocol.handle`. */
export interface AppResponse {
  status: 200 | 400 | 403 | 404 | 405;
  headers: Record<string, string>;
  body: Uint8Array | string;
}

const REASONS = { 400: 'Bad request', 403: 'Forbidden', 404: 'Not found', 405: 'Method not allowed' } as const;

function refusal(status: 400 | 403 | 404 | 405): AppResponse {
  return {
    status,
    headers: {
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
    },
    body: REASONS[status],
  };
}

/**
 * Serves one request for the bundle: `resolveAppRequest`, then a realpath check so a symlink
 * inside the bundle cannot point the page at a file outside it. A bundle folder the attacker can
 * already write to is lost anyway, so the gap between the check and the read is not closed.
 */
export async function openAppFile(request: { url: string; method?: string }, rootDir: string): Promise<AppResponse> {
  const method = request.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD') return refusal(405);
  const resolved = resolveAppRequest(request.url, rootDir);
  if (!resolved.ok) return refusal(resolved.status);

  let body: Uint8Array | string;
  try {
    const realRoot = await realpath(rootDir);
    const realFile = await realpath(resolved.file);
    if (!realFile.startsWith(realRoot + sep)) return refusal(403);
    if (!(await stat(realFile)).isFile()) return refusal(404);
    body = method === 'HEAD' ? '' : new Uint8Array(await readFile(realFile));
  } catch {
    return refusal(404);
  }
  return {
    status: 200,
    headers: {
      'Content-Type': resolved.mimeType,
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
    },
    body,
  };
}
