import type { Kysely } from 'kysely';
import { generateClinic } from '../../demo-clinic/generate';
import type { ClinicSize } from '../../demo-clinic/generate';
import type { DB } from '../db/schema';
import type { DerivationConfig } from './derivation-config';
import { storeResources } from './store-resources';
import type { StoreCounts } from './store-resources';

export const DEMO_SEED = 20261127;

export interface SeedOptions {
  seed?: number;
  now?: Date;
  /** `small` (the default demo inbox), `clinic`, or a number of work items. */
  size?: ClinicSize;
  patients?: number;
  /** A number of work items: the same as a numeric `size`, which it overrides. */
  workItems?: number;
  /** The clinic's triage rules and business-hours policy (the built-in defaults when absent). */
  derivation?: DerivationConfig;
}

/** Fills the cache with the demo clinic in one transaction: a half-seeded cache is never left behind. */
export async function seedDemoClinic(
  db: Kysely<DB>,
  options: SeedOptions = {},
): Promise<StoreCounts & { clinicName: string }> {
  const clinic = generateClinic({
    seed: options.seed ?? DEMO_SEED,
    now: options.now ?? new Date(),
    size: options.workItems ?? options.size ?? 'small',
    ...(options.patients === undefined ? {} : { patients: options.patients }),
  });
  const counts = await db
    .transaction()
    .execute((trx) => storeResources(trx, clinic.resources, { derivation: options.derivation }));
  return { ...counts, clinicName: clinic.clinicName };
}

export async function isCacheEmpty(db: Kysely<DB>): Promise<boolean> {
  const row = await db.selectFrom('fhir_resource').select('rid').limit(1).executeTakeFirst();
  return row === undefined;
}
