import type { SupportedType } from '../supported-types';
import type { InstantBound } from './last-updated';

/** `system` undefined: any system; '' : no system. `code` undefined: any code in the system. */
export interface TokenMatch {
  system?: string;
  code?: string;
}

export type SearchFilter =
  | { kind: 'id'; ids: string[] }
  /** Each inner list is one comma-separated alternative, its bounds all required. */
  | { kind: 'lastUpdated'; anyOf: InstantBound[][] }
  | { kind: 'token'; name: string; anyOf: TokenMatch[] }
  /** `Type/id` targets; an empty list matches nothing. */
  | { kind: 'reference'; name: string; targets: string[] }
  | { kind: 'string'; name: string; anyOf: string[]; exact: boolean }
  /** Not a search parameter: the reader's own AuditEvents only (access/audit-reading.ts). */
  | { kind: 'ownAuditEvents'; practitioner: string };

/** `_include=Task:focus[:Type]`: follow the named reference param of the matches. */
export interface IncludeSpec {
  param: string;
  targetType?: SupportedType;
}

export interface SearchQuery {
  type: SupportedType;
  /** All must hold (repeated parameters are AND, commas inside one are OR). */
  filters: SearchFilter[];
  order: 'asc' | 'desc';
  count: number;
  includes: IncludeSpec[];
  /** The parameters applied, canonical, for Bundle.link self. */
  selfQuery: string;
  /** Unknown parameters skipped under `Prefer: handling=lenient`. */
  ignored: string[];
}
