import type { Identifier, Resource } from '@medplum/fhirtypes';
import type { Operation } from 'rfc6902';
import { clientUuidOf } from './client-keys';

/**
 * The JSON Patch that takes back a resource an action created when the action itself did not go
 * through (its Task refused it): status `entered-in-error`, R4's way of saying "this should not
 * exist", and the action's key renamed so neither a resend's If-None-Exist nor the search for what
 * landed finds it again. Guarded by a test of the status it had. Null when the resource carries no
 * key of this action, has no status, or is retracted already.
 */
export function retraction(resource: Resource, uuid: string): Operation[] | null {
  const identifiers = (resource as { identifier?: Identifier[] }).identifier ?? [];
  const index = identifiers.findIndex((identifier) => clientUuidOf(identifier) === uuid);
  const status = (resource as { status?: unknown }).status;
  if (index < 0 || typeof status !== 'string' || status === 'entered-in-error') return null;
  return [
    { op: 'test', path: '/status', value: status },
    { op: 'replace', path: '/status', value: 'entered-in-error' },
    { op: 'replace', path: `/identifier/${index}/value`, value: `${uuid}.retracted` },
  ];
}
