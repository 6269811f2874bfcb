import type { Bundle, Communication, Task } from '@medplum/fhirtypes';
import type { SyncHarness } from '../../sync/test-support/sync-harness';

/** Plain reads of the portal over HTTP, to check what the outbox left there (tests only). */
export async function getJson<T>(harness: SyncHarness, path: string): Promise<T> {
  return (await (await fetch(`${harness.sim.baseUrl}${path}`)).json()) as T;
}

/** The versions of a Task, oldest first. */
export async function history(harness: SyncHarness, id: string): Promise<Task[]> {
  const bundle = await getJson<Bundle>(harness, `/Task/${id}/_history?_count=1000`);
  return (bundle.entry ?? []).map((e) => e.resource as Task).reverse();
}

/** What a staff action created, found by its client UUID identifier. */
export async function repliesOnServer(harness: SyncHarness, uuid: string): Promise<Communication[]> {
  const query = new URLSearchParams({ identifier: `urn:ietf:rfc:3986|urn:uuid:${uuid}` });
  const bundle = await getJson<Bundle>(harness, `/Communication?${query.toString()}`);
  return (bundle.entry ?? []).map((e) => e.resource as Communication);
}
