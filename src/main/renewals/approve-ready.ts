import type { Kysely } from 'kysely';
import type { DerivationConfig } from '../cache/derivation-config';
import type { DB } from '../db/schema';
import { batchCandidate } from '../outbox/batch-candidate';
import { ActionRejectedError, recordAction } from '../outbox/record-action';
import type { BatchApproval } from '../../shared/renewals';
import { renewalReview } from './renewal-review';
import type { RenewalContext } from './renewal-review';

export interface BatchContext extends RenewalContext {
  /** `Practitioner/…` of the PCM approving. */
  actor: string;
  derivation?: DerivationConfig;
}

/**
 * Approves, one by one, the listed renewals whose protocol criteria are all met now: each is its
 * own decision (its own outbox row, audit row and portal transaction), so one that cannot go
 * leaves the others alone. Readiness is judged again here, not taken from the page: the list may
 * be minutes old, and a result or an allergy may have arrived since.
 */
export async function approveReadyRenewals(
  db: Kysely<DB>,
  ids: readonly string[],
  ctx: BatchContext,
): Promise<BatchApproval> {
  const result: BatchApproval = { approved: [], skipped: [] };
  for (const id of new Set(ids)) {
    const skip = (reason: string) => result.skipped.push({ id, reason });
    const candidate = await batchCandidate(db, id, 'renewal-request', 'Not a renewal request.');
    if (!candidate.ok) {
      skip(candidate.reason);
      continue;
    }
    const review = await renewalReview(db, candidate.row, ctx);
    if (review === null) {
      skip('The prescription is not in the local cache yet.');
      continue;
    }
    if (review.isRefill) {
      skip('A refill, not a renewal: send the pharmacy pointer instead.');
      continue;
    }
    if (!review.allReady) {
      const open = review.criteria.filter((c) => c.status !== 'met').map((c) => `${c.label} (${c.status})`);
      skip(`Not every criterion is met: ${open.join(', ')}.`);
      continue;
    }
    try {
      const { actionId } = await recordAction(db, {
        workItemId: id,
        kind: 'renew',
        payload: {
          terms: review.proposal,
          changed: false,
          note: `Batch approval: all ${review.criteria.length} criteria of protocol ${review.protocolVersion} met.`,
        },
        actor: ctx.actor,
        ...(ctx.derivation === undefined ? {} : { derivation: ctx.derivation }),
      });
      result.approved.push({ id, actionId });
    } catch (error) {
      if (!(error instanceof ActionRejectedError)) throw error;
      skip(error.message);
    }
  }
  return result;
}
