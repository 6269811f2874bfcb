import type { AuditEvent, Bundle } from '@medplum/fhirtypes';
import { FhirHttpError, RetriesExhaustedError } from '../sync/fhir-client';
import type { FhirClient } from '../sync/fhir-client';

/**
 * The newest audit records the portal holds for one person, by the portal's own clock: the head
 * of the chain as the portal knows it, whatever the desk's files say. Several when the portal
 * stored them in the same instant (their order inside it is the chain's, not the portal's).
 */
export interface PortalHead {
  /** Empty where the portal holds no record of the person. */
  newest: AuditEvent[];
  /** When the portal stored them (`meta.lastUpdated`); null with none. */
  storedAt: string | null;
  /** How many records of the person the portal holds (`Bundle.total`); null where it did not say. */
  total: number | null;
}

/** The portal could not say: words for the person running the check. */
export class PortalHeadError extends Error {
  override name = 'PortalHeadError';
}

const PAGE_SIZE = 50;
/** Pages of records stored in one instant before giving up: a portal that stamps every record alike. */
const MAX_PAGES = 40;

/**
 * `AuditEvent?agent=Practitioner/…&_sort=-_lastUpdated`, standard R4 search: the portal's newest
 * record of the person first. A portal that ignores the sort or the agent is caught (a head read
 * from an unsorted or unfiltered list would be the wrong one), not trusted.
 */
export async function readPortalHead(
  client: FhirClient,
  baseUrl: string,
  practitioner: string,
  signal?: AbortSignal,
): Promise<PortalHead> {
  const query = new URLSearchParams({
    agent: practitioner,
    _sort: '-_lastUpdated',
    _count: String(PAGE_SIZE),
    _total: 'accurate',
  });
  let url: string | undefined = `${baseUrl.replace(/\/+$/, '')}/AuditEvent?${query.toString()}`;
  const newest: AuditEvent[] = [];
  let storedAt: string | null = null;
  let total: number | null = null;
  for (let page = 0; url !== undefined && page < MAX_PAGES; page++) {
    const bundle = await searchPage(client, url, practitioner, signal);
    if (page === 0) total = typeof bundle.total === 'number' ? bundle.total : null;
    const events = matchesOf(bundle, practitioner);
    let previous = storedAt ?? events[0]?.meta?.lastUpdated ?? null;
    for (const event of events) {
      const at = event.meta?.lastUpdated ?? null;
      if (at === null || previous === null || Date.parse(at) > Date.parse(previous)) {
        throw new PortalHeadError(
          "The portal did not list this person's audit records newest first (by when it stored them), so its newest one cannot be told.",
        );
      }
      if (storedAt !== null && at !== storedAt) return { newest, storedAt, total };
      storedAt = at;
      previous = at;
      newest.push(event);
    }
    url = bundle.link?.find((link) => link.relation === 'next')?.url;
    // The token goes only to the portal: a next page elsewhere is not followed with it.
    if (url !== undefined && new URL(url, baseUrl).origin !== new URL(baseUrl).origin) {
      throw new PortalHeadError(
        `The portal's next page of audit records is on another server (${new URL(url, baseUrl).origin}); the check does not send its token there.`,
      );
    }
  }
  if (url !== undefined) {
    throw new PortalHeadError(
      `The portal stamps more than ${PAGE_SIZE * MAX_PAGES} audit records of this person with the same time, so its newest one cannot be told.`,
    );
  }
  return { newest, storedAt, total };
}

async function searchPage(client: FhirClient, url: string, practitioner: string, signal?: AbortSignal) {
  let bundle: Bundle;
  try {
    bundle = await client.getJson<Bundle>(url, signal);
  } catch (error) {
    throw new PortalHeadError(refusalWords(error, practitioner));
  }
  if (bundle.resourceType !== 'Bundle') {
    throw new PortalHeadError('The portal answered the search for audit records with something other than a Bundle.');
  }
  return bundle;
}

/** The entries that matched, each checked to name the person: a portal that ignored `agent` is refused. */
function matchesOf(bundle: Bundle, practitioner: string): AuditEvent[] {
  const events = (bundle.entry ?? [])
    .filter((entry) => entry.search?.mode !== 'include' && entry.search?.mode !== 'outcome')
    .map((entry) => entry.resource)
    .filter((resource): resource is AuditEvent => resource?.resourceType === 'AuditEvent');
  const stranger = events.find((event) => !(event.agent ?? []).some((agent) => agent.who?.reference === practitioner));
  if (stranger !== undefined) {
    throw new PortalHeadError(
      `The portal answered the search for ${practitioner}'s audit records with another person's (AuditEvent/${stranger.id ?? '?'}): it does not search by agent, so its newest record of this person cannot be told.`,
    );
  }
  return events;
}

function refusalWords(error: unknown, practitioner: string): string {
  if (error instanceof FhirHttpError) {
    switch (error.status) {
      case 401:
        return 'The portal refused the access token (HTTP 401): it has expired, was revoked, or is not for this portal. Get a new one and try again.';
      case 403:
        return `The portal does not let this token read ${practitioner}'s audit records (HTTP 403): use a token of that person or of an auditor.`;
      case 400:
        return `The portal cannot search audit records by person (AuditEvent?agent=${practitioner}&_sort=-_lastUpdated answered HTTP 400), so it cannot say which record is the newest.`;
      default:
        return `The portal could not be searched for audit records: ${error.message}`;
    }
  }
  if (error instanceof RetriesExhaustedError) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
    return `The portal could not be reached${cause}.`;
  }
  return `The portal could not be searched for audit records: ${error instanceof Error ? error.message : String(error)}`;
}
