import type { Identifier, Resource } from '@medplum/fhirtypes';
import type { Kysely } from 'kysely';
import { clientUuidOf } from '../../domain/outbox/client-keys';
import type { DB } from '../db/schema';
import { localIdFor } from './record-action';

/**
 * The portal's copies of what staff actions created, stored by the sync, take the place of their
 * local placeholders. The sync can meet one before the pusher learns that its action landed (the
 * answer was lost, or the app was killed before it read it); keeping both would show a reply
 * twice in its thread until the pusher catches up.
 */
export async function replacePlaceholders(db: Kysely<DB>, stored: readonly Resource[]): Promise<void> {
  for (const resource of stored) {
    for (const identifier of (resource as { identifier?: Identifier[] }).identifier ?? []) {
      const uuid = clientUuidOf(identifier);
      if (uuid === undefined) continue;
      await db
        .deleteFrom('fhir_resource')
        .where('resource_type', '=', resource.resourceType)
        .where('id', '=', localIdFor(uuid))
        .execute();
    }
  }
}

/** What staff actions create: replies, renewed prescriptions, and the call about a critical result. */
const CREATED_TYPES = ['Communication', 'MedicationRequest', 'Task'];

/** Removes an action's local placeholders, by type and id so the cache's unique index does the finding. */
export async function deletePlaceholders(db: Kysely<DB>, uuid: string): Promise<void> {
  await db
    .deleteFrom('fhir_resource')
    .where('resource_type', 'in', CREATED_TYPES)
    .where('id', '=', localIdFor(uuid))
    .execute();
}
