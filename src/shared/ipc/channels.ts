/**
 * The names of the process boundary, free of any library so the sandboxed preload can bundle it
 * cheaply. `contract.ts` gives each channel its argument schema and result type; a type test there
 * keeps the two lists identical.
 */
export const invokeChannels = {
  getAppInfo: 'app:info',
  listViews: 'inbox:views',
  listInbox: 'inbox:list',
  getItem: 'item:get',
  openExternal: 'link:open',
  getSyncStatus: 'sync:status',
  syncNow: 'sync:now',
  getDiagnostics: 'diagnostics:get',
  act: 'item:act',
  listQueue: 'outbox:list',
  resolveQueued: 'outbox:resolve',
  listQuickTexts: 'quick-texts:list',
  approveReadyRenewals: 'renewals:approve-ready',
  releaseNormalResults: 'results:release-normal',
  getSession: 'session:get',
  signIn: 'session:sign-in',
  cancelSignIn: 'session:cancel-sign-in',
  signOut: 'session:sign-out',
  lock: 'session:lock',
} as const;

/** The only channels that answer with nobody signed in: they carry no patient data. */
export const sessionChannels = [
  'session:get',
  'session:sign-in',
  'session:cancel-sign-in',
  'session:sign-out',
  'session:lock',
] as const;
export type SessionChannel = (typeof sessionChannels)[number];

export const eventChannels = {
  onInboxChanged: 'inbox:changed',
  onSyncStatus: 'sync:changed',
  onSessionChanged: 'session:changed',
} as const;

export type ApiName = keyof typeof invokeChannels;
export type Channel = (typeof invokeChannels)[ApiName];
export type EventName = keyof typeof eventChannels;
export type EventChannel = (typeof eventChannels)[EventName];
