import type { IncomingMessage } from 'node:http';
import { FhirError } from '../errors';

export const DEFAULT_MAX_BODY_BYTES = 2 * 1024 * 1024;
/** Past this much of an oversized body the connection is cut instead of read to the end. */
const DRAIN_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * Reads the body up to `maxBytes`. An oversized body is still drained (up to a cap) before the
 * 413 goes out: a client still writing would otherwise see a reset instead of the answer.
 */
export async function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > DRAIN_LIMIT_BYTES) {
      request.destroy();
      break;
    }
    if (size <= maxBytes) chunks.push(buffer);
  }
  if (size > maxBytes) {
    throw new FhirError(413, 'too-costly', `The body is larger than this server accepts (${maxBytes} bytes).`);
  }
  return Buffer.concat(chunks);
}
