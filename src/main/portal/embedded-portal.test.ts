import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bundle, CapabilityStatement } from '@medplum/fhirtypes';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedPortal } from './embedded-portal';

const dir = mkdtempSync(join(tmpdir(), 'triage-desk-portal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the embedded portal', () => {
  it('serves the demo clinic over FHIR on loopback, and keeps its data across restarts', async () => {
    const first = await startEmbeddedPortal({ dataDir: dir, now: new Date('2026-11-27T15:00:00Z') });
    expect(first.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(first.simulator.seeded).toBe(first.clinic.resources.length);
    const metadata = (await (await fetch(`${first.baseUrl}/metadata`)).json()) as CapabilityStatement;
    expect(metadata.fhirVersion).toBe('4.0.1');
    const open = (await (await fetch(`${first.baseUrl}/Task?status=requested&_count=1`)).json()) as Bundle;
    expect(open.total).toBeGreaterThan(50);
    await first.close();

    const second = await startEmbeddedPortal({ dataDir: dir });
    expect(second.simulator.seeded).toBe(0);
    const again = (await (await fetch(`${second.baseUrl}/Task?status=requested&_count=1`)).json()) as Bundle;
    expect(again.total).toBe(open.total);
    await second.close();
  });
});
