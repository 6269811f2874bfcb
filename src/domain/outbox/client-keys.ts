import type { Identifier } from '@medplum/fhirtypes';
import { CLIENT_ACTION_SYSTEM, LEGACY_CLIENT_ID_SYSTEM } from '../fhir/codes';

/*
 * How a resend finds what a staff action already did at the portal. Every resource an action
 * creates carries the action's UUID as an identifier (the key of its conditional create, and what
 * the pusher searches for after an answer was lost), and the Task it changes carries the same UUID
 * as its last-client-action marker. Neither may ever be a `urn:uuid:` string: a server resolving a
 * transaction's `urn:uuid:` references rewrites every such string it finds in the Bundle (Medplum
 * does, identifier values included), turning the key into `Communication/123` and the marker with
 * it, after which the key matches nothing. So keys are the bare UUID under this project's own
 * system, and each transaction entry's fullUrl is a UUID of its own, derived from the action's.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function clientKey(uuid: string): Identifier {
  return { system: CLIENT_ACTION_SYSTEM, value: uuid };
}

/** Search values (`identifier=`) for an action's key: the current form first, then the earlier one. */
export function clientKeySearches(uuid: string): string[] {
  return [`${CLIENT_ACTION_SYSTEM}|${uuid}`, `${LEGACY_CLIENT_ID_SYSTEM}|urn:uuid:${uuid}`];
}

/** The action UUID an identifier is the key of, in either form; undefined for any other identifier. */
export function clientUuidOf(identifier: Identifier): string | undefined {
  const { system, value } = identifier;
  if (value === undefined) return undefined;
  if (system === CLIENT_ACTION_SYSTEM && UUID.test(value)) return value;
  if (system === LEGACY_CLIENT_ID_SYSTEM && value.startsWith('urn:uuid:')) return value.slice('urn:uuid:'.length);
  return undefined;
}

/** The action UUID a last-client-action marker names: the bare UUID, or the `urn:uuid:` form earlier versions wrote. */
export function markedUuid(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const uuid = value.startsWith('urn:uuid:') ? value.slice('urn:uuid:'.length) : value;
  return UUID.test(uuid) ? uuid : undefined;
}

/**
 * The fullUrl of the `n`-th resource an action creates: stable across resends (the Task's outputs
 * point at it), different from the action's own UUID and from each other's. The first eight hex
 * digits are XORed with a mask that differs for each n and is never 0.
 */
export function createUrn(uuid: string, n: number): string {
  const head = Number.parseInt(uuid.slice(0, 8), 16);
  const mask = (0x5ca1ab1e + n * 0x9e3779b1) >>> 0 || 1;
  const derived = ((head ^ mask) >>> 0).toString(16).padStart(8, '0');
  return `urn:uuid:${derived}${uuid.slice(8)}`;
}
