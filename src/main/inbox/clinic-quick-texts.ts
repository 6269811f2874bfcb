import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import {
  DEFAULT_GREETING,
  DEFAULT_QUICK_TEXT_SETTINGS,
  DEFAULT_QUICK_TEXTS,
  quickTextSettingsSchema,
  quickTextsSchema,
} from '../../shared/quick-texts';
import type { QuickTextSettings } from '../../shared/quick-texts';
import type { QuickText } from '../../shared/work-item';

export const QUICK_TEXTS_FILE = 'quick-texts.json';

/**
 * The clinic's quick texts from `<dataDir>/quick-texts.json`, or the defaults when there is none.
 * Read again when the file changes, so an edit shows without a restart. A file that is not valid
 * gives the defaults — a reply composer without texts would be worse — and its problem, naming the
 * field at fault, is logged once per version of the file rather than on every request.
 */
export function clinicQuickTexts(dataDir: string, log: (message: string) => void): () => QuickText[] {
  const settings = clinicQuickTextSettings(dataDir, log);
  return () => settings().texts;
}

/** The texts and the greeting style (`{patientName}`: first name or title and family name) of the file. */
export function clinicQuickTextSettings(dataDir: string, log: (message: string) => void): () => QuickTextSettings {
  const file = join(dataDir, QUICK_TEXTS_FILE);
  let seen: { stamp: string; settings: QuickTextSettings } | null = null;
  return () => {
    let stamp: string;
    try {
      const stat = statSync(file);
      stamp = `${stat.mtimeMs}:${stat.size}`;
    } catch {
      return DEFAULT_QUICK_TEXT_SETTINGS;
    }
    if (seen?.stamp === stamp) return seen.settings;
    const read = readQuickTextSettings(file);
    if (!read.ok) log(`[quick texts] ${file} is not used, the built-in texts are: ${read.problem}`);
    seen = { stamp, settings: read.ok ? read.settings : DEFAULT_QUICK_TEXT_SETTINGS };
    return seen.settings;
  };
}

type Read = { ok: true; texts: QuickText[] } | { ok: false; problem: string };

export function readQuickTexts(file: string): Read {
  const read = readQuickTextSettings(file);
  return read.ok ? { ok: true, texts: read.settings.texts } : read;
}

type ReadSettings = { ok: true; settings: QuickTextSettings } | { ok: false; problem: string };

/** The file as a bare array of texts (the first format) or as `{ greeting, texts }`. */
export function readQuickTextSettings(file: string): ReadSettings {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return { ok: false, problem: error instanceof Error ? error.message : String(error) };
  }
  if (Array.isArray(json)) {
    const parsed = quickTextsSchema.safeParse(json);
    return parsed.success
      ? { ok: true, settings: { texts: parsed.data, greeting: DEFAULT_GREETING } }
      : { ok: false, problem: problemOf(parsed.error) };
  }
  const parsed = quickTextSettingsSchema.safeParse(json);
  if (!parsed.success) return { ok: false, problem: problemOf(parsed.error) };
  return {
    ok: true,
    settings: { texts: parsed.data.texts ?? DEFAULT_QUICK_TEXTS, greeting: parsed.data.greeting ?? DEFAULT_GREETING },
  };
}

function problemOf(error: z.ZodError): string {
  const issue = error.issues[0];
  const where = issue?.path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`)).join('') ?? '';
  return `${where === '' ? 'the file' : where.replace(/^\./, '')}: ${issue?.message ?? 'rejected'}`;
}
