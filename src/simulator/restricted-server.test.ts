import type { Bundle, CapabilityStatement } from '@medplum/fhirtypes';
import { afterEach, describe, expect, it } from 'vitest';
import { restrictedServer } from './restricted-server';
import type { RestrictedServerOptions } from './restricted-server';
import { smallClinic } from './test-support/clinic-fixture';
import { issueCode, startTestSimulator } from './test-support/harness';
import type { TestSimulator } from './test-support/harness';

let sim: TestSimulator | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

const start = async (options: RestrictedServerOptions) => {
  sim = await startTestSimulator({ resources: smallClinic(), handlerWrapper: restrictedServer(options) });
  return sim;
};

const taskOf = (statement: CapabilityStatement) => statement.rest![0]!.resource!.find((r) => r.type === 'Task')!;

describe('restrictedServer', () => {
  it('with nothing taken away, answers as the simulator does', async () => {
    const s = await start({});
    const statement = (await s.fhir<CapabilityStatement>('/metadata')).body;
    expect(taskOf(statement).searchInclude).toContain('Task:focus');
    expect(taskOf(statement).interaction).toContainEqual({ code: 'history-type' });
    const page = await s.fhir<Bundle>('/Patient?_count=1');
    expect(page.body.link?.map((l) => l.relation)).toContain('next');
    expect((await s.fhir('/Task/_history')).status).toBe(200);
  });

  it('takes history, includes, paging and _id search away, in /metadata as in answers', async () => {
    const s = await start({ history: false, include: false, nextLinks: false, idSearch: false });
    const statement = (await s.fhir<CapabilityStatement>('/metadata')).body;
    const task = taskOf(statement);
    expect(task.searchInclude).toBeUndefined();
    expect(task.interaction?.map((i) => i.code)).not.toContain('history-type');
    expect(task.interaction?.map((i) => i.code)).toContain('search-type');
    expect(task.searchParam?.map((p) => p.name)).not.toContain('_id');
    expect(task.searchParam?.map((p) => p.name)).toContain('_lastUpdated');
    expect(statement.rest![0]!.interaction?.map((i) => i.code)).not.toContain('history-system');

    const history = await s.fhir('/Task/_history?_count=1');
    expect([history.status, issueCode(history.body)]).toEqual([404, 'not-supported']);
    const include = await s.fhir('/Task?_include=Task:focus');
    expect([include.status, issueCode(include.body)]).toEqual([400, 'not-supported']);
    const byId = await s.fhir('/Patient?_id=pat-1');
    expect([byId.status, issueCode(byId.body)]).toEqual([400, 'not-supported']);

    // One page of _count matches, no way on, and the total still says how many there are.
    const page = await s.fhir<Bundle>('/Practitioner?_count=1');
    expect(page.status).toBe(200);
    expect(page.body.entry).toHaveLength(1);
    expect(page.body.total).toBe(2);
    expect(page.body.link?.map((l) => l.relation)).toEqual(['self']);
    expect(Number(page.headers.get('content-length'))).toBe(Buffer.byteLength(JSON.stringify(page.body)));

    // Reads and writes are untouched.
    expect((await s.fhir('/Patient/pat-1')).status).toBe(200);
    const created = await s.fhir('/Patient', {
      method: 'POST',
      body: { resourceType: 'Patient', name: [{ family: 'X' }] },
    });
    expect(created.status).toBe(201);
  });
});
