import { describe, expect, it } from 'vitest';
import { apiFromChannels } from './api-from-channels';
import { eventChannels, invokeChannels } from './channels';
import { argumentSchemas } from './contract';

describe('apiFromChannels', () => {
  it('exposes exactly the named functions of the contract, each on its channel', async () => {
    const calls: [string, unknown][] = [];
    const api = apiFromChannels(
      (channel, arg) => {
        calls.push([channel, arg]);
        return Promise.resolve({ ok: true, value: null });
      },
      () => () => undefined,
    );
    expect(Object.keys(api).sort()).toEqual([...Object.keys(invokeChannels), ...Object.keys(eventChannels)].sort());
    expect(Object.values(api).every((f) => typeof f === 'function')).toBe(true);
    await api.getItem({ id: 'task-1' });
    expect(calls).toEqual([['item:get', { id: 'task-1' }]]);
  });

  it('has an argument schema for every channel and no more', () => {
    expect(Object.keys(argumentSchemas).sort()).toEqual(Object.values(invokeChannels).sort());
  });
});
