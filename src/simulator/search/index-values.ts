import type { Resource } from '@medplum/fhirtypes';
import { parseLocalReference } from '../fhir-references';
import { isSupportedType } from '../supported-types';
import { SEARCH_PARAMS } from './param-definitions';

export interface TokenValue {
  name: string;
  /** '' when the value has no system (a plain `code`), so `|code` can ask for exactly that. */
  system: string;
  code: string;
}

export interface ReferenceValue {
  name: string;
  /** `Type/id`, version and server base stripped. */
  target: string;
}

export interface StringValue {
  name: string;
  /** Lower case without accents: R4 string search is case- and accent-insensitive by default. */
  normalized: string;
  exact: string;
}

export interface IndexValues {
  tokens: TokenValue[];
  references: ReferenceValue[];
  strings: StringValue[];
}

export function normalizeString(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

function valuesAt(root: unknown, path: string): unknown[] {
  let current: unknown[] = [root];
  for (const step of path.split('.')) {
    const next: unknown[] = [];
    for (const value of current) {
      if (value === null || typeof value !== 'object') continue;
      const child = (value as Record<string, unknown>)[step];
      if (Array.isArray(child)) next.push(...(child as unknown[]));
      else if (child !== undefined) next.push(child);
    }
    current = next;
  }
  return current;
}

function tokensOf(value: unknown): { system: string; code: string }[] {
  if (typeof value === 'string') return [{ system: '', code: value }];
  if (typeof value === 'boolean') return [{ system: '', code: String(value) }];
  if (value === null || typeof value !== 'object') return [];
  const record = value as Record<string, unknown>;
  if (Array.isArray(record.coding)) return (record.coding as unknown[]).flatMap(tokensOf);
  const system = typeof record.system === 'string' ? record.system : '';
  if (typeof record.code === 'string') return [{ system, code: record.code }];
  // Identifier: system + value.
  if (typeof record.value === 'string') return [{ system, code: record.value }];
  return [];
}

/** The rows a resource contributes to the search index tables. */
export function indexValuesOf(resource: Resource): IndexValues {
  const out: IndexValues = { tokens: [], references: [], strings: [] };
  if (!isSupportedType(resource.resourceType)) return out;
  for (const param of SEARCH_PARAMS[resource.resourceType]) {
    for (const value of valuesAt(resource, param.path)) {
      if (param.type === 'token') {
        for (const token of tokensOf(value)) out.tokens.push({ name: param.name, ...token });
      } else if (param.type === 'string') {
        if (typeof value === 'string')
          out.strings.push({ name: param.name, normalized: normalizeString(value), exact: value });
      } else if (value !== null && typeof value === 'object') {
        const reference = (value as { reference?: unknown }).reference;
        const local = typeof reference === 'string' ? parseLocalReference(reference) : undefined;
        if (local === undefined) continue;
        if (param.targets !== undefined && !param.targets.some((t) => t === local.type)) continue;
        out.references.push({ name: param.name, target: `${local.type}/${local.id}` });
      }
    }
  }
  return out;
}
