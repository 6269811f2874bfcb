import { nodeFetch } from '../net/portal-fetch';
import type { PortalFetch } from '../net/portal-fetch';

/** What a SMART sign-in or refresh hands the session (src/main/auth's SignedInTokens has this shape). */
export interface SessionTokens {
  practitionerId: string;
  accessToken: string;
  /** Epoch ms. */
  accessTokenExpiresAt: number;
  refreshToken: string | null;
  idTokenClaims: Record<string, unknown>;
  /**
   * The sign-in's id token, in memory only: the `id_token_hint` with which sign-out ends the
   * portal's own session in the browser. Absent where the portal sent none.
   */
  idToken?: string | null;
}

/** Renewed this long before it runs out, so a request never leaves with a token about to expire. */
const EARLY_RENEWAL_MS = 30_000;

export interface TokenHolderOptions {
  /** The practitioner too: a renewed id token naming someone else is refused. */
  refresh: (refreshToken: string, practitionerId: string) => Promise<SessionTokens>;
  /** The rotated refresh token, to be kept sealed (the previous one no longer works). */
  onRotated: (tokens: SessionTokens) => void;
  now?: () => number;
}

/**
 * The access token, in memory only. One refresh at a time: the sync and the outbox asking together
 * must not spend the same single-use refresh token twice (rotation would revoke the session).
 */
export class TokenHolder {
  private refreshing: Promise<void> | null = null;
  private dropped = false;

  constructor(
    private tokens: SessionTokens,
    private readonly options: TokenHolderOptions,
  ) {}

  async accessToken(): Promise<string> {
    const now = this.options.now?.() ?? Date.now();
    if (this.tokens.accessTokenExpiresAt - EARLY_RENEWAL_MS <= now) await this.renew();
    return this.current();
  }

  /** After a 401: the portal no longer takes this token (revoked, or its clock differs). */
  async renewAfterRefusal(refused: string): Promise<string> {
    if (refused === this.tokens.accessToken) await this.renew();
    return this.current();
  }

  /**
   * On lock and sign-out: nothing can reach the portal as this user any more. Hands back the
   * refresh token it held, for the session to revoke at the portal.
   */
  drop(): string | null {
    const spent = this.tokens.refreshToken;
    this.dropped = true;
    this.tokens = { ...this.tokens, accessToken: '', refreshToken: null };
    return spent;
  }

  private current(): string {
    if (this.dropped) throw new SignedOutError();
    return this.tokens.accessToken;
  }

  private async renew(): Promise<void> {
    this.refreshing ??= this.renewOnce().finally(() => {
      this.refreshing = null;
    });
    await this.refreshing;
  }

  /** The new pair is taken (and the rotated token kept) once, whoever else waits on it. */
  private async renewOnce(): Promise<void> {
    const refreshToken = this.tokens.refreshToken;
    if (this.dropped || refreshToken === null) throw new SignedOutError();
    const renewed = await this.options.refresh(refreshToken, this.tokens.practitionerId);
    if (this.dropped) throw new SignedOutError();
    // A server that does not rotate sends no new refresh token: the old one stays good.
    this.tokens = { ...renewed, refreshToken: renewed.refreshToken ?? refreshToken };
    if (this.tokens.refreshToken !== refreshToken) this.options.onRotated(this.tokens);
  }
}

export class SignedOutError extends Error {
  override name = 'SignedOutError';
  constructor() {
    super('The session has ended (signed out or locked): sign in again to reach the portal.');
  }
}

/**
 * `fetch` with the user's bearer token; a 401 renews the token and tries once more (docs/portal.md,
 * "401: refresh the token, then retry once"). The FHIR client and writer take it as their fetch.
 */
export function authorizedFetch(holder: TokenHolder, base: PortalFetch = nodeFetch): PortalFetch {
  const send = (input: Parameters<PortalFetch>[0], init: RequestInit | undefined, token: string) => {
    const headers = new Headers(init?.headers);
    headers.set('Authorization', `Bearer ${token}`);
    return base(input, { ...init, headers });
  };
  return async (input, init) => {
    const token = await holder.accessToken();
    const response = await send(input, init, token);
    if (response.status !== 401) return response;
    await response.body?.cancel();
    return send(input, init, await holder.renewAfterRefusal(token));
  };
}
