import { FhirError } from '../errors';
import { parseLocalReference } from '../fhir-references';
import { isSupportedType, ID_PATTERN } from '../supported-types';
import type { SupportedType } from '../supported-types';
import { normalizeString } from './index-values';
import { parseLastUpdated } from './last-updated';
import { findParam, targetTypesOf } from './param-definitions';
import type { IncludeSpec, SearchFilter, SearchQuery, TokenMatch } from './search-query';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;

export interface ParseSearchOptions {
  /** `Prefer: handling=lenient`: skip unknown parameters instead of answering 400. */
  lenient?: boolean;
  /** This server's base, so absolute references to it are understood. */
  baseUrl?: string;
}

const JSON_FORMATS = new Set(['json', 'application/json', 'application/fhir+json']);

function badParam(message: string): FhirError {
  return new FhirError(400, 'invalid', message);
}

/** Splits a value on commas not escaped with a backslash (R4 search.html, escaping) and unescapes the parts. */
export function splitEscaped(text: string): string[] {
  return splitRaw(text).map(unescape);
}

function splitOnce(text: string, separator: '|'): string[] {
  // Only the first unescaped separator splits a token; the rest belongs to the code.
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === separator) return [text.slice(0, i), text.slice(i + 1)];
  }
  return [text];
}

function unescape(text: string): string {
  return text.replace(/\\(.)/g, '$1');
}

function tokenMatch(value: string): TokenMatch {
  const parts = splitOnce(value, '|');
  if (parts.length === 1) return { code: unescape(value) };
  const system = unescape(parts[0] ?? '');
  const code = unescape(parts[1] ?? '');
  if (system === '' && code === '') throw badParam(`Token value '${value}' names neither a system nor a code.`);
  return code === '' ? { system } : { system, code };
}

function referenceTargets(value: string, allowed: readonly SupportedType[], baseUrl?: string): string[] {
  const local = parseLocalReference(value, baseUrl);
  if (local !== undefined) return allowed.some((t) => t === local.type) ? [`${local.type}/${local.id}`] : [];
  if (ID_PATTERN.test(value)) return allowed.map((t) => `${t}/${value}`);
  throw badParam(`Reference value '${value}' is neither Type/id nor an id.`);
}

function parseCount(value: string): number {
  if (!/^\d{1,9}$/.test(value)) throw badParam(`_count must be a whole number from 0 to ${MAX_PAGE_SIZE}.`);
  // Larger counts are served at the maximum: R4 lets a server return fewer than asked.
  return Math.min(Number(value), MAX_PAGE_SIZE);
}

function parseInclude(type: SupportedType, value: string): IncludeSpec {
  const [source, name, target, ...rest] = value.split(':');
  const param = source === type && name !== undefined ? findParam(type, name) : undefined;
  if (param === undefined || param.type !== 'reference' || rest.length > 0) {
    throw badParam(`_include=${value} is not supported on ${type} (see the CapabilityStatement's searchInclude).`);
  }
  if (target === undefined) return { param: param.name };
  if (!isSupportedType(target) || !targetTypesOf(param).includes(target)) {
    throw badParam(`_include=${value}: ${target} is not a target of ${type}:${param.name}.`);
  }
  return { param: param.name, targetType: target };
}

/**
 * Turns a type-level search's parameters into a query, or a 400 naming the first thing wrong.
 * Parameters with an empty value are ignored, as R4 asks.
 */
export function parseSearch(
  type: SupportedType,
  params: readonly (readonly [string, string])[],
  options: ParseSearchOptions = {},
): SearchQuery {
  const filters: SearchFilter[] = [];
  const includes: IncludeSpec[] = [];
  const applied: [string, string][] = [];
  const ignored: string[] = [];
  let order: 'asc' | 'desc' = 'asc';
  let count = DEFAULT_PAGE_SIZE;

  for (const [key, value] of params) {
    if (value === '') continue;
    const [name = '', modifier, ...extra] = key.split(':');
    const keep = () => applied.push([key, value]);
    if (
      modifier !== undefined &&
      !(modifier === 'exact' && extra.length === 0 && findParam(type, name)?.type === 'string')
    ) {
      if (options.lenient === true) {
        ignored.push(key);
        continue;
      }
      throw badParam(`Unsupported search parameter '${key}' on ${type}.`);
    }
    switch (name) {
      case '_id': {
        const ids = splitEscaped(value);
        const wrong = ids.find((id) => !ID_PATTERN.test(id));
        if (wrong !== undefined) throw badParam(`_id value '${wrong}' is not a valid id.`);
        filters.push({ kind: 'id', ids });
        keep();
        continue;
      }
      case '_lastUpdated':
        filters.push({ kind: 'lastUpdated', anyOf: splitEscaped(value).map(parseLastUpdated) });
        keep();
        continue;
      case '_count':
        count = parseCount(value);
        continue;
      case '_sort':
        if (value !== '_lastUpdated' && value !== '-_lastUpdated') {
          throw badParam(`_sort=${value} is not supported: use _lastUpdated or -_lastUpdated.`);
        }
        order = value === '_lastUpdated' ? 'asc' : 'desc';
        keep();
        continue;
      case '_total':
        if (!['none', 'estimate', 'accurate'].includes(value))
          throw badParam(`_total=${value} is not none|estimate|accurate.`);
        // Bundle.total is always exact here: counting is cheap on the index.
        continue;
      case '_include':
        includes.push(parseInclude(type, value));
        keep();
        continue;
      case '_format':
        if (!JSON_FORMATS.has(value))
          throw new FhirError(406, 'not-supported', `_format=${value}: this server speaks JSON only.`);
        continue;
    }
    const param = findParam(type, name);
    if (param === undefined) {
      if (options.lenient === true) {
        ignored.push(key);
        continue;
      }
      throw badParam(`Unknown search parameter '${key}' on ${type} (see the CapabilityStatement).`);
    }
    const values = splitEscaped(value);
    if (param.type === 'token') {
      // Escapes are resolved per part after splitting on '|', so split commas without unescaping.
      filters.push({ kind: 'token', name, anyOf: splitRaw(value).map(tokenMatch) });
    } else if (param.type === 'reference') {
      const targets = [...new Set(values.flatMap((v) => referenceTargets(v, targetTypesOf(param), options.baseUrl)))];
      filters.push({ kind: 'reference', name, targets });
    } else {
      const exact = modifier === 'exact';
      filters.push({ kind: 'string', name, exact, anyOf: exact ? values : values.map(normalizeString) });
    }
    keep();
  }
  applied.push(['_count', String(count)]);
  const selfQuery = new URLSearchParams(applied).toString();
  return { type, filters, order, count, includes, selfQuery, ignored };
}

/** Splits on unescaped commas, keeping escapes for the token parser. */
function splitRaw(text: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === ',') {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}
