/**
 * Caps on what the portal may send in one answer, applied while the body arrives rather than after.
 *
 * 16 MiB per answer: the sync asks for 200 resources a page, and at most 1,000 when one instant
 * holds more than a page (search-windows.ts), each with what `_include` brings. The demo clinic's
 * resources average under 1 KB and its largest is 1.4 KB; real portals' resources with narrative
 * are a few KB, so 1,000 matches and their includes stay within a few MiB. 16 MiB leaves room for
 * that several times over while keeping what one answer can make main hold in memory (the bytes,
 * their decoded text and the parsed objects, several times the body) well below what a desk has.
 *
 * 64 levels of JSON: FHIR resources are shallow. The demo clinic's deepest resource (a CareTeam) is
 * 7 levels of objects and lists, 10 inside a Bundle entry; nested Questionnaire items are the
 * deepest FHIR gets in practice, around 20. JSON.parse itself copes with any depth, but the code
 * that walks a resource afterwards (JSON.stringify when it is stored, FHIRPath, the cache's
 * projections) recurses, and a 100,000-deep answer would overflow main's stack there.
 */
export interface BodyLimits {
  maxBytes: number;
  maxDepth: number;
}

export const DEFAULT_BODY_LIMITS: BodyLimits = { maxBytes: 16 * 1024 * 1024, maxDepth: 64 };

/** The answer broke a cap: not a network fault, and sending the same request again would not help. */
export class BodyLimitError extends Error {
  override name = 'BodyLimitError';
}

/** `what` names the answer as the reader of it knows it: "a page" for the sync, "an answer" for the outbox. */
export const tooLargeMessage = (maxBytes: number, what: string): string =>
  `the portal sent ${what} larger than ${formatBytes(maxBytes)}, more than Triage Desk reads at once`;

export const tooDeepMessage = (maxDepth: number, what: string): string =>
  `the portal sent ${what} nested more than ${maxDepth} levels deep, deeper than any FHIR resource is`;

/**
 * The body as text, read chunk by chunk and given up (the stream cancelled, which closes the
 * connection) as soon as it passes `maxBytes`. A `Content-Length` above the cap is refused before
 * any of the body is read; one that understates the body is no help, so the count of what actually
 * arrived decides. `bytes` is that count, for the caller's truncation check.
 */
export async function readLimitedText(
  response: Response,
  maxBytes: number,
  what = 'a page',
): Promise<{ text: string; bytes: number }> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new BodyLimitError(tooLargeMessage(maxBytes, what));
  }
  if (response.body === null) return { text: '', bytes: 0 };
  // Typed `any` by Node's fetch types; a fetch body is bytes.
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new BodyLimitError(tooLargeMessage(maxBytes, what));
    }
    chunks.push(value);
  }
  // As Response.text() decodes: UTF-8, a leading BOM dropped, bad bytes replaced rather than thrown.
  return { text: new TextDecoder().decode(Buffer.concat(chunks, bytes)), bytes };
}

/**
 * Whether the JSON text nests objects and lists deeper than `maxDepth`: one pass over the
 * characters, without recursion, skipping brackets inside strings.
 */
export function jsonDepthExceeds(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > maxDepth) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

function formatBytes(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes.toLocaleString('en-US')} bytes`;
}
