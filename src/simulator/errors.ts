import type { OperationOutcome } from '@medplum/fhirtypes';

/** The OperationOutcome issue codes this server answers with (R4 IssueType). */
export type IssueCode =
  | 'structure'
  | 'invalid'
  | 'required'
  | 'value'
  | 'not-supported'
  | 'not-found'
  | 'deleted'
  | 'too-costly'
  | 'business-rule'
  | 'forbidden'
  | 'conflict'
  | 'processing'
  | 'duplicate'
  | 'multiple-matches'
  | 'exception'
  | 'informational';

/**
 * A refusal with its HTTP status. Thrown anywhere below the HTTP layer; inside a write it also rolls
 * the SQLite transaction back, which is what makes "a bad request changes nothing" hold.
 */
export class FhirError extends Error {
  constructor(
    readonly status: number,
    readonly code: IssueCode,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'FhirError';
  }
}

export function operationOutcome(
  code: IssueCode,
  diagnostics: string,
  severity: 'fatal' | 'error' | 'warning' | 'information' = 'error',
): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: [{ severity, code, diagnostics }] };
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
