import type { IncomingMessage } from 'node:http';

/**
 * The scopes of the access token a request came with, handed from the bearer guard to the FHIR
 * listener beside the socket rather than in a header, so a client cannot supply them itself.
 */
const granted = new WeakMap<IncomingMessage, readonly string[]>();

export function attachScopes(request: IncomingMessage, scopes: readonly string[]): void {
  granted.set(request, scopes);
}

/** Undefined when the request carried no verified token (the simulator runs without sign-in). */
export function scopesOf(request: IncomingMessage): readonly string[] | undefined {
  return granted.get(request);
}
