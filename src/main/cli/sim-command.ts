import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateClinic } from '../../demo-clinic/generate';
import type { ClinicSize } from '../../demo-clinic/generate';
import { parseFaultSpec, withFaults } from '../../simulator/fault-injection';
import { startLiveMode } from '../../simulator/live-mode';
import { startSimulator } from '../../simulator/start-simulator';
import type { CliIo } from './cli-io';
import { UsageError, wholeNumberOption } from './cli-io';
import { DEMO_SEED } from '../cache/seed-demo';

export const SIM_USAGE = 'sim [--port P] [--data DIR] [--size small|clinic|N] [--seed N] [--live] [--faults SPEC]';

function parseSize(value: string | undefined): ClinicSize {
  if (value === undefined || value === 'small' || value === 'clinic') return value ?? 'small';
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 100_000) {
    throw new UsageError('--size must be small, clinic, or a number of work items from 1 to 100000');
  }
  return n;
}

/**
 * `triage-desk sim`: the portal simulator on its own, for demos, for pointing a second app at, and
 * for trying the sync against faults. Runs until Ctrl-C (or `io.signal`), then closes cleanly.
 */
export async function simCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      port: { type: 'string' },
      data: { type: 'string' },
      size: { type: 'string' },
      seed: { type: 'string' },
      live: { type: 'boolean' },
      faults: { type: 'string' },
    },
    strict: true,
  });
  const port = wholeNumberOption('port', values.port, 0, 65535) ?? 0;
  const seed = wholeNumberOption('seed', values.seed, 1, 2 ** 31 - 1) ?? DEMO_SEED;
  const size = parseSize(values.size);
  let faults;
  try {
    faults = values.faults === undefined ? undefined : parseFaultSpec(values.faults);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const dataDir = resolve(values.data ?? '.triage-desk-sim');
  mkdirSync(dataDir, { recursive: true });

  const started = Date.now();
  const clinic = generateClinic({ seed, now: new Date(), size });
  const sim = await startSimulator({
    file: join(dataDir, 'portal.db'),
    port,
    resources: clinic.resources,
    ...(faults === undefined ? {} : { handlerWrapper: withFaults(faults) }),
  });
  io.out(
    sim.seeded > 0
      ? `Seeded ${clinic.clinicName}: ${sim.seeded} resources in ${Date.now() - started} ms (size ${String(size)}, seed ${seed}).`
      : `Reusing the portal data in ${dataDir} (delete the folder to start afresh).`,
  );
  const live =
    values.live === true
      ? startLiveMode({
          store: sim.store,
          clinic,
          onEvent: (event) => {
            if (event.kind === 'message') io.out(`live: new patient message ${event.taskId}`);
            else io.err(`live: could not write a message: ${String(event.error)}`);
          },
        })
      : undefined;
  io.out(
    `FHIR R4 portal simulator at ${sim.baseUrl}${live === undefined ? '' : ' (live: new messages every few seconds)'}`,
  );
  if (faults !== undefined) io.out(`Fault injection on: ${values.faults ?? ''}`);
  io.out('Press Ctrl-C to stop.');

  await new Promise<void>((done) => {
    const stop = () => done();
    if (io.signal !== undefined) io.signal.addEventListener('abort', stop, { once: true });
    else {
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    }
  });
  live?.stop();
  await sim.close();
  io.out('Simulator stopped.');
  return 0;
}
