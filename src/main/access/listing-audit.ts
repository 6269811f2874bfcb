import type { Kysely } from 'kysely';
import type { WorkItemSummary } from '../../shared/work-item';
import type { InboxQuery } from '../inbox/queries';
import { recordAudit } from '../audit/audit-chain';
import type { DB } from '../db/schema';

/** The same page shown again within this long (a refresh after a sync) is not audited again. */
const SAME_PAGE_MS = 15 * 60_000;
/** Pages remembered for that, at most: a long day's scrolling must not grow without bound. */
const REMEMBERED = 500;

/**
 * Who saw which patients' items in a list, one audit row per page shown (HIPAA audit controls):
 * the view, the search, and the items and patients on the page. The list is read again after
 * every sync; the same page with the same items within SAME_PAGE_MS is the same showing.
 */
export function listingAudit(ctx: { db: Kysely<DB>; now: () => number }) {
  const seen = new Map<string, { items: string; at: number }>();
  return {
    async shown(userId: string, query: InboxQuery, items: readonly WorkItemSummary[]): Promise<void> {
      if (items.length === 0) return;
      const page = JSON.stringify([userId, query.view, query.filters, query.search, query.offset, query.limit]);
      const ids = items.map((i) => i.id);
      const shownNow = JSON.stringify(ids);
      const now = ctx.now();
      const before = seen.get(page);
      if (before !== undefined && before.items === shownNow && now - before.at < SAME_PAGE_MS) return;
      await recordAudit(ctx.db, {
        at: now,
        actor: `Practitioner/${userId}`,
        event: 'list',
        workItemId: null,
        patientId: null,
        clientUuid: null,
        outcome: 'success',
        detail: JSON.stringify({
          view: query.view,
          search: query.search,
          offset: query.offset,
          items: ids,
          patients: [...new Set(items.flatMap((i) => (i.patientId === null ? [] : [i.patientId])))],
        }),
      });
      if (seen.size >= REMEMBERED) seen.clear();
      seen.set(page, { items: shownNow, at: now });
    },
  };
}
