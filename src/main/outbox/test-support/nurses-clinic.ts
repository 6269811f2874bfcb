import type { PractitionerRole, Resource, Task } from '@medplum/fhirtypes';
import { generateClinic } from '../../../demo-clinic/generate';
import { syncOnce } from '../../sync/sync-engine';
import { startSyncHarness } from '../../sync/test-support/sync-harness';
import type { SyncHarness } from '../../sync/test-support/sync-harness';

/** A small clinic the outbox tests share, and two of its nurses (`Practitioner/…`) to act as. */
export const clinic = generateClinic({ seed: 21, now: new Date('2026-11-25T12:00:00.000Z'), size: 30 });

/** The staff of a generated clinic holding a role (`pcm`, `nurse`, …), as `Practitioner/…` references. */
export const staffWithRole = (resources: readonly Resource[], code: string): string[] =>
  resources
    .filter((r): r is PractitionerRole => r.resourceType === 'PractitionerRole')
    .filter((r) => r.code?.some((c) => c.coding?.some((coding) => coding.code === code)))
    .map((r) => r.practitioner?.reference ?? '');

export const [NURSE, OTHER_NURSE] = staffWithRole(clinic.resources, 'nurse') as [string, string];

/** The clinic on a simulator, synced once into a fresh cache. */
export async function synced(): Promise<SyncHarness> {
  const harness = await startSyncHarness(clinic.resources);
  await syncOnce({ db: harness.db, client: harness.client() });
  return harness;
}

export const serverTask = (harness: SyncHarness, id: string): Task => harness.sim.store.read('Task', id) as Task;

/** Open, unclaimed message items without emergency wording (those have their own tests), in a stable order. */
export async function openMessageItems(harness: SyncHarness): Promise<string[]> {
  const rows = await harness.db
    .selectFrom('work_item')
    .select('id')
    .where('status', '=', 'requested')
    .where('focus_type', '=', 'Communication')
    .where('emergency', '=', 0)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}
