import type { Identifier, Resource } from '@medplum/fhirtypes';
import type { Kysely } from 'kysely';
import { CLIENT_ID_SYSTEM } from '../../domain/fhir/codes';
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
    for (const { system, value } of (resource as { identifier?: Identifier[] }).identifier ?? []) {
      if (system !== CLIENT_ID_SYSTEM || value?.startsWith('urn:uuid:') !== true) continue;
      await db
        .deleteFrom('fhir_resource')
        .where('resource_type', '=', resource.resourceType)
        .where('id', '=', localIdFor(value.slice('urn:uuid:'.length)))
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
