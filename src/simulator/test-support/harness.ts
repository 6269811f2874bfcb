import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateResource } from '@medplum/core';
import type { Bundle, OperationOutcome, Resource } from '@medplum/fhirtypes';
import { startSimulator } from '../start-simulator';
import type { RunningSimulator, SimulatorOptions } from '../start-simulator';
import type { FhirStore } from '../store/fhir-store';
import { loadFhirDefinitions } from '../validation';

export interface TestSimulator extends RunningSimulator {
  dir: string;
  /** fetch against the simulator; every resource in the answer is checked against FHIR R4. */
  fhir<T extends Resource = Resource>(path: string, init?: FhirInit): Promise<FhirAnswer<T>>;
  stop(): Promise<void>;
}

export interface FhirInit {
  method?: string;
  headers?: Record<string, string>;
  /** An object is sent as JSON (application/fhir+json unless headers say otherwise); a string as is. */
  body?: unknown;
}

export interface FhirAnswer<T extends Resource = Resource> {
  status: number;
  headers: Headers;
  /** Already checked to be valid FHIR; typed as the caller expects (undefined when the body was empty). */
  body: T;
}

export async function startTestSimulator(options: Partial<SimulatorOptions> = {}): Promise<TestSimulator> {
  loadFhirDefinitions();
  const dir = mkdtempSync(join(tmpdir(), 'portal-sim-'));
  const sim = await startSimulator({ file: join(dir, 'portal.db'), ...options });
  return {
    ...sim,
    dir,
    fhir: <T extends Resource>(path: string, init?: FhirInit) => fhirFetch<T>(sim.baseUrl, path, init),
    async stop() {
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function fhirFetch<T extends Resource = Resource>(
  baseUrl: string,
  path: string,
  init: FhirInit = {},
): Promise<FhirAnswer<T>> {
  const headers: Record<string, string> = { accept: 'application/fhir+json', ...init.headers };
  let body: string | undefined;
  if (typeof init.body === 'string') body = init.body;
  else if (init.body !== undefined) {
    body = JSON.stringify(init.body);
    headers['content-type'] ??= 'application/fhir+json';
  }
  const response = await fetch(`${baseUrl}${path.startsWith('/') || path.startsWith('?') ? '' : '/'}${path}`, {
    method: init.method ?? 'GET',
    headers,
    body,
  });
  const text = await response.text();
  const json = text === '' ? undefined : (JSON.parse(text) as Resource);
  if (json !== undefined) assertValidEverywhere(json);
  if (response.status >= 400) {
    if (json?.resourceType !== 'OperationOutcome') {
      throw new Error(`${response.status} answered without an OperationOutcome: ${text.slice(0, 200)}`);
    }
  }
  return { status: response.status, headers: response.headers, body: json as T };
}

/** Validates a resource, and every resource and outcome inside it when it is a Bundle. */
export function assertValidEverywhere(resource: Resource): void {
  try {
    validateResource(resource);
  } catch (error) {
    throw new Error(
      `Server returned invalid FHIR: ${(error as Error).message}\n${JSON.stringify(resource).slice(0, 500)}`,
    );
  }
  if (resource.resourceType !== 'Bundle') return;
  for (const entry of resource.entry ?? []) {
    if (entry.resource !== undefined) assertValidEverywhere(entry.resource);
    if (entry.response?.outcome !== undefined) assertValidEverywhere(entry.response.outcome);
  }
}

export function issueCode(body: unknown): string | undefined {
  return (body as OperationOutcome | undefined)?.issue?.[0]?.code;
}

/**
 * Everything a request could change, as one string: row counts and contents of every table,
 * resource versions and the largest history seq. Equal before and after means nothing changed.
 */
export function databaseFingerprint(store: FhirStore): string {
  const tables = store.db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all() as { name: string }[];
  return tables
    .map(({ name }) => {
      const rows = store.db.prepare(`SELECT * FROM ${name}`).all();
      return `${name}:${rows.length}:${JSON.stringify(rows)}`;
    })
    .join('\n');
}

/** Reads every page of a search by following Bundle.link next exactly as given. */
export async function readAllPages(sim: TestSimulator, firstPath: string): Promise<Bundle[]> {
  const pages: Bundle[] = [];
  let next: string | undefined = firstPath;
  while (next !== undefined) {
    const answer = await sim.fhir(next.startsWith(sim.baseUrl) ? next.slice(sim.baseUrl.length) : next);
    if (answer.status !== 200) throw new Error(`page answered ${answer.status}`);
    const bundle = answer.body as Bundle;
    pages.push(bundle);
    next = bundle.link?.find((l) => l.relation === 'next')?.url;
  }
  return pages;
}
