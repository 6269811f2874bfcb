import type { Kysely } from 'kysely';
import { generateClinic } from '../src/demo-clinic/generate';
import { nextLiveMessage } from '../src/demo-clinic/live';
import type { LiveMessage } from '../src/demo-clinic/live';
import { DEMO_SEED } from '../src/main/cache/seed-demo';
import { storeResources } from '../src/main/cache/store-resources';
import type { DB } from '../src/main/db/schema';

/**
 * The demo clinic's emergencies are dealt with within minutes, so the seeded inbox holds none open.
 * The tests take one from the same generator the simulator's live mode uses: the first live message
 * of the demo seed that is a current chest-pain emergency by the generator's own ground truth.
 */
export function emergencyMessage(now: Date): LiveMessage {
  const clinic = generateClinic({ seed: DEMO_SEED, now, size: 'small' });
  const at = new Date(now.getTime() - 10 * 60_000);
  for (let n = 1; n <= 2000; n++) {
    const message = nextLiveMessage(clinic, n, at);
    if (message.truth.emergency && message.truth.redFlag?.topic === 'chest-pain') return message;
  }
  throw new Error('no chest-pain emergency in the first 2,000 live messages of the demo seed');
}

/** Writes the message into a cache as a sync page would, and returns its Task's id. */
export async function addEmergencyToCache(db: Kysely<DB>, now: Date): Promise<string> {
  const message = emergencyMessage(now);
  await db.transaction().execute((trx) => storeResources(trx, message.resources));
  return message.task.id ?? '';
}

/**
 * The same message reworded so that it may be an emergency but need not be (the second tier):
 * wheezing since the morning, with the inhaler helping a little. Returns its Task's id.
 */
export async function addPossibleEmergencyToCache(db: Kysely<DB>, now: Date): Promise<string> {
  const message = emergencyMessage(now);
  const resources = message.resources.map((r) =>
    r.resourceType === 'Communication'
      ? {
          ...r,
          topic: { text: 'Asthma' },
          payload: [
            { contentString: 'Wheezing since this morning, the inhaler helps a bit. Can someone call me today?' },
          ],
        }
      : r,
  );
  await db.transaction().execute((trx) => storeResources(trx, resources));
  return message.task.id ?? '';
}
