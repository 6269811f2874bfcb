import type { Bundle, Communication, Task } from '@medplum/fhirtypes';
import type { SyncHarness } from '../../sync/test-support/sync-harness';
import { clientKeySearches } from '../../../domain/outbox/client-keys';

/** Plain reads of the portal over HTTP, to check what the outbox left there (tests only). */
export async function getJson<T>(harness: SyncHarness, path: string): Promise<T> {
  return (await (await fetch(`${harness.sim.baseUrl}${path}`)).json()) as T;
}

/** The versions of a Task, oldest first. */
export async function history(harness: SyncHarness, id: string): Promise<Task[]> {
  const bundle = await getJson<Bundle>(harness, `/Task/${id}/_history?_count=1000`);
  return (bundle.entry ?? []).map((e) => e.resource as Task).reverse();
}

/** The search for what a staff action created, by its key (client-keys.ts). */
export const keyQuery = (uuid: string): string =>
  new URLSearchParams({ identifier: clientKeySearches(uuid)[0] ?? '' }).toString();

/** What a staff action created, found by its key. */
export async function repliesOnServer(harness: SyncHarness, uuid: string): Promise<Communication[]> {
  const bundle = await getJson<Bundle>(harness, `/Communication?${keyQuery(uuid)}`);
  return (bundle.entry ?? []).map((e) => e.resource as Communication);
}
