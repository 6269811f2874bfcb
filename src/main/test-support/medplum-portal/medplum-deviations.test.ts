import type { Bundle, BundleEntry, Communication, OperationOutcome, Patient, Task } from '@medplum/fhirtypes';
import { afterEach, describe, expect, it } from 'vitest';
import { startMedplumPortal } from './medplum-portal';
import type { MedplumPortal, MedplumPortalOptions } from './medplum-portal';

/*
 * Where Medplum 4.5.2's FhirRouter + MemoryRepository part from FHIR R4, each pinned by a test so a
 * Medplum upgrade that changes one fails here first. README.md lists them with the spec's words.
 */

const task = (fields: Partial<Task> = {}): Task => ({
  resourceType: 'Task',
  status: 'requested',
  intent: 'order',
  ...fields,
});
const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64');
const jsonPatch = (operations: unknown[], url: string, ifMatch?: string): BundleEntry => ({
  resource: { resourceType: 'Binary', contentType: 'application/json-patch+json', data: b64(operations) },
  request: { method: 'PATCH', url, ...(ifMatch === undefined ? {} : { ifMatch }) },
});
const transaction = (entry: BundleEntry[]): Bundle => ({ resourceType: 'Bundle', type: 'transaction', entry });

let portal: MedplumPortal | undefined;
afterEach(async () => {
  await portal?.close();
  portal = undefined;
});

async function withTask(options: MedplumPortalOptions = {}): Promise<{ portal: MedplumPortal; version: string }> {
  portal = await startMedplumPortal({ ...options, resources: [task({ id: 't' }), ...(options.resources ?? [])] });
  const read = await portal.http<Task>('GET', 'Task/t');
  return { portal, version: read.body.meta!.versionId! };
}

describe('versions and preconditions', () => {
  it('If-Match is ignored on PATCH but honoured on PUT', async () => {
    const { portal, version } = await withTask();
    const replace = (status: string) => [{ op: 'replace', path: '/status', value: status }];
    expect((await portal.http('PATCH', 'Task/t', replace('accepted'), { 'if-match': `W/"${version}"` })).status).toBe(
      200,
    );
    // Stale now, yet applied.
    const stale = await portal.http<Task>('PATCH', 'Task/t', replace('in-progress'), { 'if-match': `W/"${version}"` });
    expect(stale.status).toBe(200);
    expect(stale.body.status).toBe('in-progress');
    const put = await portal.http<OperationOutcome>('PUT', 'Task/t', task({ id: 't', status: 'completed' }), {
      'if-match': `W/"${version}"`,
    });
    expect(put.status).toBe(412);
    // An If-Match without quotes is not read at all: the stale PUT goes through.
    expect(
      (await portal.http('PUT', 'Task/t', task({ id: 't', status: 'completed' }), { 'if-match': version })).status,
    ).toBe(200);
  });

  it('If-Match is ignored on a PATCH inside a transaction', async () => {
    const { portal } = await withTask();
    const answer = await portal.http<Bundle>(
      'POST',
      '',
      transaction([
        jsonPatch([{ op: 'replace', path: '/status', value: 'accepted' }], 'Task/t', 'W/"not-the-version"'),
      ]),
    );
    expect(answer.status).toBe(200);
    expect(answer.body.entry?.[0]?.response?.status).toBe('200');
    expect((await portal.http<Task>('GET', 'Task/t')).body.status).toBe('accepted');
  });

  it('If-None-Match is ignored: no 304 on a read, no create-only PUT', async () => {
    const { portal, version } = await withTask();
    expect((await portal.http('GET', 'Task/t', undefined, { 'if-none-match': `W/"${version}"` })).status).toBe(200);
    const overwrite = await portal.http<Task>('PUT', 'Task/t', task({ id: 't', status: 'cancelled' }), {
      'if-none-match': '*',
    });
    expect(overwrite.status).toBe(200);
    expect(overwrite.body.status).toBe('cancelled');
  });

  it('a failed JSON Patch test op answers 400 invalid (the simulator: 422) and writes nothing', async () => {
    const { portal, version } = await withTask();
    const failed = await portal.http<OperationOutcome>('PATCH', 'Task/t', [
      { op: 'test', path: '/status', value: 'completed' },
      { op: 'replace', path: '/status', value: 'accepted' },
    ]);
    expect(failed.status).toBe(400);
    expect(failed.body.issue?.[0]).toMatchObject({
      code: 'invalid',
      details: { text: 'Test failed: requested != completed' },
    });
    expect((await portal.http<Task>('GET', 'Task/t')).body.meta?.versionId).toBe(version);
  });

  it('a JSON Patch test of /meta/versionId does refuse a stale PATCH: 400 alone, the whole transaction in one', async () => {
    const { portal, version } = await withTask();
    const guarded = (status: string) => [
      { op: 'test', path: '/meta/versionId', value: version },
      { op: 'replace', path: '/status', value: status },
    ];
    expect((await portal.http('PATCH', 'Task/t', guarded('accepted'))).status).toBe(200);
    expect((await portal.http('PATCH', 'Task/t', guarded('in-progress'))).status).toBe(400);
    const answer = await portal.http<OperationOutcome>(
      'POST',
      '',
      transaction([
        {
          resource: { resourceType: 'Patient', name: [{ family: 'Before' }] },
          request: { method: 'POST', url: 'Patient' },
        },
        jsonPatch(guarded('completed'), 'Task/t'),
      ]),
    );
    expect(answer.status).toBe(400);
    expect(answer.body.issue?.[0]?.details?.text).toMatch(/^Test failed/);
    expect((await portal.http<Task>('GET', 'Task/t')).body.status).toBe('accepted');
    // Creates run before patches, and are not undone.
    expect((await portal.http<Bundle>('GET', 'Patient?name=Before')).body.total).toBe(1);
  });

  it('meta.versionId is an opaque UUID, and a POST keeps the id, versionId and lastUpdated it is sent', async () => {
    portal = await startMedplumPortal({
      resources: [{ resourceType: 'Patient', id: 'p', name: [{ family: 'Seeded' }] }],
    });
    const seeded = await portal.http<Patient>('GET', 'Patient/p');
    expect(seeded.body.meta?.versionId).toMatch(/^[0-9a-f-]{36}$/);
    const posted = await portal.http<Patient>('POST', 'Patient', {
      resourceType: 'Patient',
      id: 'p',
      meta: { versionId: '7', lastUpdated: '1999-01-01T00:00:00Z' },
    });
    expect(posted.status).toBe(201);
    expect(posted.body).toMatchObject({ id: 'p', meta: { versionId: '7', lastUpdated: '1999-01-01T00:00:00Z' } });
    // The seeded Patient was silently replaced.
    expect((await portal.http<Patient>('GET', 'Patient/p')).body.name).toBeUndefined();
  });

  it('a PUT that creates answers 200, not 201', async () => {
    portal = await startMedplumPortal();
    const created = await portal.http<Task>('PUT', 'Task/new-one', task({ id: 'new-one' }));
    expect(created.status).toBe(200);
    expect((await portal.http('GET', 'Task/new-one')).status).toBe(200);
  });

  it('nothing is validated: unknown elements and codes are stored', async () => {
    portal = await startMedplumPortal();
    const stored = await portal.http('POST', 'Patient', { resourceType: 'Patient', colour: 'blue', gender: 'banana' });
    expect(stored.status).toBe(201);
    expect(stored.body).toMatchObject({ colour: 'blue', gender: 'banana' });
  });
});

describe('transactions', () => {
  const failing = (): Bundle =>
    transaction([
      {
        fullUrl: 'urn:uuid:3d1f7a7e-8b8a-4b55-9a8e-6a9c1d2e3f40',
        resource: { resourceType: 'Patient', name: [{ family: 'Committed' }] },
        request: { method: 'POST', url: 'Patient' },
      },
      {
        resource: task({ id: 't', status: 'completed' }),
        request: { method: 'PUT', url: 'Task/t', ifMatch: 'W/"stale"' },
      },
    ]);

  it('are not all-or-nothing: the failing entry’s status for the whole, earlier entries kept', async () => {
    const { portal } = await withTask();
    const answer = await portal.http<OperationOutcome>('POST', '', failing());
    expect(answer.status).toBe(412);
    expect(answer.body.resourceType).toBe('OperationOutcome');
    expect((await portal.http<Bundle>('GET', 'Patient?name=Committed')).body.total).toBe(1);
  });

  it('without config.transactions a transaction is a batch: 200 with a 412 entry, earlier entries kept', async () => {
    const { portal } = await withTask({ transactions: false });
    const answer = await portal.http<Bundle>('POST', '', failing());
    expect(answer.status).toBe(200);
    expect(answer.body.type).toBe('transaction-response');
    expect(answer.body.entry?.map((e) => e.response?.status)).toEqual(['201', '412']);
    expect((await portal.http<Bundle>('GET', 'Patient?name=Committed')).body.total).toBe(1);
  });

  it('a conditional create makes more than 8 entries too many', async () => {
    portal = await startMedplumPortal();
    const entries = Array.from({ length: 9 }, (_, i): BundleEntry => ({
      resource: { resourceType: 'Patient', name: [{ family: `N${i}` }] },
      request: { method: 'POST', url: 'Patient', ...(i === 0 ? { ifNoneExist: 'name=N0' } : {}) },
    }));
    const answer = await portal.http<OperationOutcome>('POST', '', transaction(entries));
    expect(answer.status).toBe(400);
    expect(answer.body.issue?.[0]?.details?.text).toMatch(/strict isolation/);
    expect((await portal.http('POST', '', transaction(entries.slice(0, 8)))).status).toBe(200);
  });

  it('rewrites every string holding a fullUrl urn:uuid, so the outbox’s resend creates a duplicate', async () => {
    const { portal, version } = await withTask();
    const uuid = '8f14e45f-ceea-4e67-9b1c-3d2a1b0c9e8d';
    const urn = `urn:uuid:${uuid}`;
    // The shape src/main/outbox/pusher.ts sends for a reply: the action's UUID as the fullUrl, the
    // identifier, the If-None-Exist and the Task's last-action extension.
    const push = () =>
      portal.http<Bundle>(
        'POST',
        '',
        transaction([
          {
            fullUrl: urn,
            resource: {
              resourceType: 'Communication',
              status: 'completed',
              identifier: [{ system: 'urn:ietf:rfc:3986', value: urn }],
              payload: [{ contentString: `re ${urn}` }],
            },
            request: { method: 'POST', url: 'Communication', ifNoneExist: `identifier=urn:ietf:rfc:3986|${urn}` },
          },
          jsonPatch(
            [
              {
                op: 'add',
                path: '/extension',
                value: [{ url: 'https://example.org/last-client-action', valueString: urn }],
              },
              { op: 'add', path: '/output', value: [{ type: { text: 'reply' }, valueReference: { reference: urn } }] },
            ],
            'Task/t',
            `W/"${version}"`,
          ),
        ]),
      );
    const first = await push();
    const reply = first.body.entry?.[0]?.resource as Communication;
    const ref = `Communication/${reply.id}`;
    // Identifier.value and a plain string are not references, yet both were rewritten.
    expect(reply.identifier?.[0]?.value).toBe(ref);
    expect(reply.payload?.[0]?.contentString).toBe(`re ${ref}`);
    const stored = await portal.http<Task>('GET', 'Task/t');
    expect(stored.body.extension?.[0]?.valueString).toBe(ref);
    expect(stored.body.output?.[0]?.valueReference?.reference).toBe(ref);
    // So the client UUID is nowhere to be found, and the resend (a lost answer) lands twice.
    expect((await portal.http<Bundle>('GET', `Communication?identifier=urn:ietf:rfc:3986|${urn}`)).body.total).toBe(0);
    const resend = await push();
    expect(resend.status).toBe(200);
    expect(resend.body.entry?.map((e) => e.response?.status)).toEqual(['201', '200']);
    expect((await portal.http<Bundle>('GET', 'Communication')).body.total).toBe(2);
  });
});

describe('search', () => {
  async function threeTasks(): Promise<MedplumPortal> {
    let ms = Date.parse('2026-11-25T12:00:00.000Z');
    return startMedplumPortal({
      now: () => new Date((ms += 1000)),
      resources: [
        task({ id: 'a', status: 'requested', for: { reference: 'Patient/p' } }),
        task({ id: 'b', status: 'accepted' }),
        task({ id: 'c', status: 'requested' }),
        { resourceType: 'Patient', id: 'p' },
      ],
    });
  }
  const ids = (bundle: Bundle): (string | undefined)[] => (bundle.entry ?? []).map((e) => e.resource?.id);

  it('ignores _include', async () => {
    portal = await threeTasks();
    const page = await portal.http<Bundle>('GET', 'Task?_id=a&_include=Task:patient');
    expect(page.status).toBe(200);
    expect(ids(page.body)).toEqual(['a']);
  });

  it('sends no next link: Bundle.total counts every match and _offset reaches the rest', async () => {
    portal = await threeTasks();
    const first = await portal.http<Bundle>('GET', 'Task?_sort=_lastUpdated&_count=2');
    expect(ids(first.body)).toEqual(['a', 'b']);
    expect(first.body.total).toBe(3);
    expect(first.body.link).toBeUndefined();
    expect(ids((await portal.http<Bundle>('GET', 'Task?_sort=_lastUpdated&_count=2&_offset=2')).body)).toEqual(['c']);
  });

  it('sorts by _lastUpdated both ways, but of several _sort keys the last one wins', async () => {
    portal = await threeTasks();
    expect(ids((await portal.http<Bundle>('GET', 'Task?_sort=_lastUpdated')).body)).toEqual(['a', 'b', 'c']);
    expect(ids((await portal.http<Bundle>('GET', 'Task?_sort=-_lastUpdated')).body)).toEqual(['c', 'b', 'a']);
    // status first would put accepted (b) ahead of the requested ones.
    expect(ids((await portal.http<Bundle>('GET', 'Task?_sort=status,-_lastUpdated')).body)).toEqual(['c', 'b', 'a']);
  });

  it('filters _lastUpdated with ge, gt and lt, and _id with comma-separated values', async () => {
    portal = await threeTasks();
    expect(ids((await portal.http<Bundle>('GET', 'Task?_lastUpdated=ge2026-11-25T12:00:02.000Z')).body)).toEqual([
      'b',
      'c',
    ]);
    expect(ids((await portal.http<Bundle>('GET', 'Task?_lastUpdated=gt2026-11-25T12:00:02.000Z')).body)).toEqual(['c']);
    expect(ids((await portal.http<Bundle>('GET', 'Task?_lastUpdated=lt2026-11-25T12:00:02.000Z')).body)).toEqual(['a']);
    expect(ids((await portal.http<Bundle>('GET', 'Task?_id=a,c')).body)).toEqual(['a', 'c']);
  });

  it('an unknown search parameter matches nothing instead of being ignored or refused', async () => {
    portal = await threeTasks();
    const page = await portal.http<Bundle>('GET', 'Task?colour=blue');
    expect(page.status).toBe(200);
    expect(page.body.total).toBe(0);
  });

  it('search entries carry neither fullUrl nor search.mode', async () => {
    portal = await threeTasks();
    const [entry] = (await portal.http<Bundle>('GET', 'Task?_id=a')).body.entry ?? [];
    expect(entry?.fullUrl).toBeUndefined();
    expect(entry?.search).toBeUndefined();
  });
});

describe('history and deletes', () => {
  it('has no type-level _history (404), and system _history answers an empty searchset', async () => {
    const { portal } = await withTask();
    expect((await portal.http('GET', 'Task/_history')).status).toBe(404);
    const system = await portal.http<Bundle>('GET', '_history');
    expect(system.status).toBe(200);
    expect(system.body).toMatchObject({ type: 'searchset', total: 0 });
  });

  it('reverses the stored history on every read, so its order flips between reads', async () => {
    const { portal } = await withTask();
    for (const status of ['accepted', 'in-progress']) {
      await portal.http('PATCH', 'Task/t', [{ op: 'replace', path: '/status', value: status }]);
    }
    const statuses = async () =>
      ((await portal.http<Bundle<Task>>('GET', 'Task/t/_history')).body.entry ?? []).map((e) => e.resource?.status);
    expect(await statuses()).toEqual(['in-progress', 'accepted', 'requested']);
    expect(await statuses()).toEqual(['requested', 'accepted', 'in-progress']);
    expect(await statuses()).toEqual(['in-progress', 'accepted', 'requested']);
    // A write after an odd number of reads is appended to the flipped array: it lands in the middle.
    await portal.http('PATCH', 'Task/t', [{ op: 'replace', path: '/status', value: 'completed' }]);
    expect(await statuses()).toEqual(['completed', 'requested', 'accepted', 'in-progress']);
  });

  it('history entries carry no request, response or fullUrl, and _count is ignored', async () => {
    const { portal } = await withTask();
    await portal.http('PATCH', 'Task/t', [{ op: 'replace', path: '/status', value: 'accepted' }]);
    const history = await portal.http<Bundle>('GET', 'Task/t/_history?_count=1');
    expect(history.body.type).toBe('history');
    expect(history.body.entry).toHaveLength(2);
    expect(Object.keys(history.body.entry?.[0] ?? {})).toEqual(['resource']);
  });

  it('a deleted resource reads 404 (not 410) and its history is gone with it', async () => {
    const { portal } = await withTask();
    const deleted = await portal.http('DELETE', 'Task/t');
    expect(deleted.status).toBe(200);
    expect((await portal.http('GET', 'Task/t')).status).toBe(404);
    expect((await portal.http('GET', 'Task/t/_history')).status).toBe(404);
    expect((await portal.http<Bundle>('GET', 'Task')).body.total).toBe(0);
  });
});
