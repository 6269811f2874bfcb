import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { parseCorpus } from '../../src/domain/triage/evaluation/score';
import type { LabelledMessage } from '../../src/domain/triage/evaluation/score';

/**
 * The evaluation corpus (eval/triage): a development half read while tuning, and a sealed half
 * kept gzipped so that it is only ever scored, never read by accident in an editor or a grep.
 */
const DIR = fileURLToPath(new URL('.', import.meta.url));

export const developmentCorpus = (): LabelledMessage[] => parseCorpus(readFileSync(join(DIR, 'dev.jsonl'), 'utf8'));

export const sealedCorpus = (): LabelledMessage[] =>
  parseCorpus(gunzipSync(readFileSync(join(DIR, 'sealed.jsonl.gz'))).toString('utf8'));
