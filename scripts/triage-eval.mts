import { developmentCorpus, sealedCorpus } from '../eval/triage/corpus-files';
import { scoreCorpus } from '../src/domain/triage/evaluation/score';
import type { Score, Scored } from '../src/domain/triage/evaluation/score';

/**
 * `npm run eval:triage`: the triage rules on the evaluation corpus. The development half is
 * listed message by message where the rules go wrong; the sealed half prints its figures only.
 * `--dev-only` skips the sealed half; `--verbose` adds each listed message's reasons.
 */
const verbose = process.argv.includes('--verbose');
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function figures(name: string, s: Score): void {
  console.log(
    `${name}: ${s.messages} messages, ${s.emergencies} emergencies — recall ${pct(s.recall)} ` +
      `(first tier ${pct(s.firstTierRecall)}), first-tier false alarms ${pct(s.firstTierFalseAlarms)} ` +
      `of ${s.nonEmergencies}, second tier on non-emergencies ${pct(s.secondTierRate)}, ` +
      `category ${pct(s.categoryAccuracy)}, reply kind ${pct(s.kindAccuracy)}`,
  );
}

function list(title: string, items: Scored[], show: (s: Scored) => string): void {
  if (items.length === 0) return;
  console.log(`\n${title} (${items.length}):`);
  for (const s of items) {
    const m = s.message;
    console.log(`- ${m.id} [${m.family ?? '-'}] ${show(s)} | ${m.subject} | ${m.body.replace(/\s+/g, ' ')}`);
    if (verbose) for (const r of s.result.reasons) console.log(`    ${r}`);
  }
}

const dev = scoreCorpus(developmentCorpus());
figures('development', dev);
list('missed emergencies', dev.missed, () => 'missed');
list('first-tier false alarms', dev.falseAlarms, (s) => (s.result.emergency?.topics ?? []).join(','));
if (process.argv.includes('--categories')) {
  list('wrong category', dev.wrongCategory, (s) => `${s.message.category} → ${s.result.category}`);
}
if (!process.argv.includes('--dev-only')) {
  console.log('');
  figures('sealed', scoreCorpus(sealedCorpus()));
}
