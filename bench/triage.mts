import { performance } from 'node:perf_hooks';
import { generateClinic } from '../src/demo-clinic/generate';
import { classify } from '../src/domain/triage/classify';
import { DEFAULT_RULES } from '../src/domain/triage/default-rules';
import type { TriageMessage } from '../src/domain/triage/classify';
import { demoMessages } from '../src/domain/triage/test-support/demo-messages';

const MESSAGES = Number(process.env['BENCH_TRIAGE_MESSAGES'] ?? 10_000);
const ROUNDS = Number(process.env['BENCH_TRIAGE_ROUNDS'] ?? 5);

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function timeRounds(fn: () => void): number {
  fn();
  const samples: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

/**
 * Classifying `BENCH_TRIAGE_MESSAGES` patient messages (default 10,000, the demo clinic's own,
 * repeated to size), printed as a ratio against a baseline measured in the same run: the cheapest
 * reading of the same text that any classifier pays (lower-case, split into words, one set
 * look-up per word). The ratio is what compares across machines and across engine versions.
 */
export function runTriageBench(): Promise<void> {
  const pool: TriageMessage[] = [];
  for (let seed = 21; pool.length < MESSAGES; seed++) {
    const clinic = generateClinic({ seed, now: new Date('2026-11-27T15:00:00Z'), size: 'clinic' });
    pool.push(...demoMessages(clinic).map((m) => m.message));
  }
  const messages = pool.slice(0, MESSAGES);
  const chars = messages.reduce((n, m) => n + m.subject.length + m.body.length, 0);
  const vocabulary = new Set(['chest', 'pain', 'refill', 'renewal', 'appointment', 'result', 'suicide']);
  let sink = 0;
  const baseline = timeRounds(() => {
    for (const m of messages) {
      for (const word of `${m.subject} ${m.body}`.toLowerCase().split(/[^\p{L}\p{N}']+/u)) {
        if (vocabulary.has(word)) sink++;
      }
    }
  });
  classify(messages[0] ?? { subject: '', body: '' }, DEFAULT_RULES);
  let flagged = 0;
  const classified = timeRounds(() => {
    flagged = 0;
    for (const m of messages) if (classify(m, DEFAULT_RULES).emergency !== null) flagged++;
  });
  console.log(
    `Messages: ${messages.length} (${(chars / messages.length).toFixed(0)} characters on average), ${flagged} flagged`,
  );
  console.log(`Baseline (lower-case, split, look up each word): ${baseline.toFixed(1)} ms`);
  console.log(
    `Classify ${messages.length}: ${classified.toFixed(0)} ms, ${(classified / baseline).toFixed(1)}× baseline, ` +
      `${((classified / messages.length) * 1000).toFixed(0)} µs per message`,
  );
  if (sink < 0) console.log(sink);
  return Promise.resolve();
}
