import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { generateClinic } from '../../domain/demo-clinic/generate';
import type { GeneratedClinic } from '../../domain/demo-clinic/generate';
import { startSimulator } from '../../simulator/start-simulator';
import { DEMO_SEED } from '../cache/seed-demo';
import type { RunningSimulator } from '../../simulator/start-simulator';

export interface EmbeddedPortal {
  baseUrl: string;
  clinic: GeneratedClinic;
  simulator: RunningSimulator;
  close(): Promise<void>;
}

/**
 * The portal the app uses when none is configured: the simulator on loopback, with its own data in
 * the app's folder, seeded with the demo clinic on first start and kept from then on, so staff
 * changes made in a demo survive a restart as they would on a real portal.
 */
export async function startEmbeddedPortal(options: { dataDir: string; now?: Date }): Promise<EmbeddedPortal> {
  mkdirSync(options.dataDir, { recursive: true });
  const clinic = generateClinic({ seed: DEMO_SEED, now: options.now ?? new Date(), size: 'small' });
  const simulator = await startSimulator({ file: join(options.dataDir, 'portal.db'), resources: clinic.resources });
  return { baseUrl: simulator.baseUrl, clinic, simulator, close: () => simulator.close() };
}
