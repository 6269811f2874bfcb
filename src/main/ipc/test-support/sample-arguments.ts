import type { Channel } from '../../../shared/ipc/channels';
import { DEFAULT_FILTERS } from '../../../shared/work-item';

/** An inbox:list argument the contract accepts, with any field replaced. */
export const listArgument = (over: Record<string, unknown> = {}) => ({
  view: { kind: 'all' },
  filters: DEFAULT_FILTERS,
  search: '',
  offset: 0,
  limit: 5,
  ...over,
});

/**
 * A valid argument for every channel (ids from the demo clinic's seed), so a test can call each one
 * and see the handler's own answer rather than the contract's refusal of a bad argument.
 */
export const SAMPLE_ARGUMENTS: Record<Channel, unknown> = {
  'app:info': {},
  'inbox:views': {},
  'inbox:list': listArgument(),
  'item:get': { id: 'task-00001' },
  'link:open': { url: 'https://www.tricare.mil/pharmacy' },
  'sync:status': {},
  'sync:now': {},
  'diagnostics:get': {},
  'item:act': { id: 'task-00002', kind: 'note', payload: { text: 'Checked the chart' } },
  'outbox:list': {},
  'outbox:resolve': { actionId: 1, resolution: 'discard' },
  'quick-texts:list': {},
  'renewals:approve-ready': { ids: ['task-00003'] },
  'results:release-normal': { ids: ['task-00004'], comment: 'Your results are normal.' },
  'session:get': {},
  'session:sign-in': {},
  'session:sign-out': {},
  'session:lock': { reason: 'user' },
  'session:cancel-sign-in': {},
};
