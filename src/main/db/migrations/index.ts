import { initialCache } from './0001-initial-cache';
import { syncState } from './0002-sync-state';
import { syncRuns } from './0003-sync-runs';
import { outbox } from './0004-outbox';
import { triageInbox } from './0005-triage-inbox';
import { renewalFacts } from './0006-renewal-facts';
import { auditChain } from './0007-audit-chain';
import { auditPush } from './0008-audit-push';
import { refusedActions } from './0009-refused-actions';
import { redFlagTiers } from './0010-red-flag-tiers';
import { patientLookup } from './0011-patient-lookup';
import type { Migration } from './migration';

/**
 * Listed statically: the bundled main process has no migrations folder to scan. Append only;
 * a test checks the versions run 1, 2, 3, … with no gaps.
 */
export const migrations: readonly Migration[] = [
  initialCache,
  syncState,
  syncRuns,
  outbox,
  triageInbox,
  renewalFacts,
  auditChain,
  auditPush,
  refusedActions,
  redFlagTiers,
  patientLookup,
];
