import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_QUICK_TEXTS, quickTextsSchema } from '../../shared/quick-texts';
import type { QuickText } from '../../shared/work-item';

export const QUICK_TEXTS_FILE = 'quick-texts.json';

/**
 * The clinic's quick texts from `<dataDir>/quick-texts.json`, or the defaults when there is none.
 * Read again when the file changes, so an edit shows without a restart. A file that is not valid
 * gives the defaults — a reply composer without texts would be worse — and its problem, naming the
 * field at fault, is logged once per version of the file rather than on every request.
 */
export function clinicQuickTexts(dataDir: string, log: (message: string) => void): () => QuickText[] {
  const file = join(dataDir, QUICK_TEXTS_FILE);
  let seen: { stamp: string; texts: QuickText[] } | null = null;
  return () => {
    let stamp: string;
    try {
      const stat = statSync(file);
      stamp = `${stat.mtimeMs}:${stat.size}`;
    } catch {
      return DEFAULT_QUICK_TEXTS;
    }
    if (seen?.stamp === stamp) return seen.texts;
    const read = readQuickTexts(file);
    if (!read.ok) log(`[quick texts] ${file} is not used, the built-in texts are: ${read.problem}`);
    seen = { stamp, texts: read.ok ? read.texts : DEFAULT_QUICK_TEXTS };
    return seen.texts;
  };
}

type Read = { ok: true; texts: QuickText[] } | { ok: false; problem: string };

export function readQuickTexts(file: string): Read {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return { ok: false, problem: error instanceof Error ? error.message : String(error) };
  }
  const parsed = quickTextsSchema.safeParse(json);
  if (parsed.success) return { ok: true, texts: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue?.path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`)).join('') ?? '';
  return {
    ok: false,
    problem: `${where === '' ? 'the file' : where.replace(/^\./, '')}: ${issue?.message ?? 'rejected'}`,
  };
}
