import { runInboxBench } from './inbox.mjs';
import { runOutboxBench } from './outbox.mjs';
import { runSyncBench } from './sync.mjs';
import { runTriageBench } from './triage.mjs';

/**
 * `npm run bench`: every benchmark in turn, each printed as ratios against a baseline measured in
 * the same run, so the figures compare across machines. `BENCH=inbox`, `BENCH=sync` or
 * `BENCH=outbox` or `BENCH=triage` runs one; `BENCH_ITEMS` sizes the inbox's cache, `BENCH_SYNC_ROUNDS` repeats the
 * sync's measurements, `BENCH_OUTBOX_ROUNDS` the outbox's and `BENCH_OUTBOX_ACTIONS` sizes its queue;
 * `BENCH_TRIAGE_MESSAGES` sizes the classifier's run.
 */
const BENCHES: Record<string, () => Promise<void>> = {
  inbox: runInboxBench,
  sync: runSyncBench,
  outbox: runOutboxBench,
  triage: runTriageBench,
};

const picked = process.env['BENCH'];
const names = picked === undefined || picked === '' ? Object.keys(BENCHES) : picked.split(',').map((n) => n.trim());
const unknown = names.filter((n) => !(n in BENCHES));
if (unknown.length > 0) {
  console.error(`Unknown BENCH ${unknown.join(', ')}: choose from ${Object.keys(BENCHES).join(', ')}.`);
  process.exit(2);
}
for (const [i, name] of names.entries()) {
  if (i > 0) console.log('');
  console.log(`== ${name} ==`);
  await BENCHES[name]!();
}
