import { createHash, randomBytes } from 'node:crypto';
import { completeDemoSignIn } from './demo-browser';

/**
 * The app's side of the SMART sign-in, step by step, for the authorization server's tests: each
 * step is a plain request whose answer the test checks, so a test can stop at (or tamper with)
 * any one of them.
 */

export interface Pkce {
  verifier: string;
  challenge: string;
}

export interface TokenAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** A code delivered to the app, and the verifier of the challenge it was asked for with. */
export interface IssuedCode {
  code: string;
  verifier: string;
}

const CLIENT_ID = 'triage-desk';

export function pkce(): Pkce {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export const bearer = (accessToken: string): Record<string, string> => ({ authorization: `Bearer ${accessToken}` });

export function smartTestClient(baseUrl: string, redirectUri: string) {
  /** The app's authorization request; `params` override its fields, and an undefined one is left out. */
  function authorizeUrl(params: Record<string, string | undefined>): string {
    const url = new URL(`${baseUrl}/auth/authorize`);
    const all: Record<string, string | undefined> = {
      client_id: CLIENT_ID,
      response_type: 'code',
      redirect_uri: redirectUri,
      scope: 'openid fhirUser offline_access user/*.crus',
      state: randomBytes(8).toString('hex'),
      prompt: 'login consent',
      aud: baseUrl,
      ...params,
    };
    for (const [key, value] of Object.entries(all)) if (value !== undefined) url.searchParams.set(key, value);
    return url.href;
  }

  /** The request as the app sends it: with an S256 challenge (a fresh one unless given). */
  function signInUrl(challenge: Pkce = pkce(), scope?: string): string {
    return authorizeUrl({
      code_challenge: challenge.challenge,
      code_challenge_method: 'S256',
      ...(scope === undefined ? {} : { scope }),
    });
  }

  /** Signs `username` in with the demo password; the code the browser delivered to the app. */
  async function signIn(username: string, scope?: string): Promise<IssuedCode> {
    const challenge = pkce();
    const final = new URL(await completeDemoSignIn(signInUrl(challenge, scope), { username, password: 'demo' }));
    const code = final.searchParams.get('code');
    if (code === null) throw new Error(`no code in ${final.href}`);
    return { code, verifier: challenge.verifier };
  }

  function postForm(path: string, params: Record<string, string>): Promise<Response> {
    return fetch(`${baseUrl}/auth/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: CLIENT_ID, ...params }).toString(),
    });
  }

  async function token(params: Record<string, string>): Promise<TokenAnswer> {
    const response = await postForm('token', params);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  /** Exchanges a code for tokens, proving the challenge with `verifier`. */
  function redeem(code: string, verifier: string): Promise<TokenAnswer> {
    return token({ grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: redirectUri });
  }

  /** A signed-in user's access token; throws when the exchange is refused. */
  async function accessTokenFor(username: string, scope?: string): Promise<string> {
    const { code, verifier } = await signIn(username, scope);
    const answer = await redeem(code, verifier);
    if (answer.status !== 200 || typeof answer.body.access_token !== 'string') {
      throw new Error(`token exchange for ${username} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    }
    return answer.body.access_token;
  }

  return {
    authorizeUrl,
    signInUrl,
    signIn,
    token,
    redeem,
    accessTokenFor,
    refresh: (refreshToken: string) => token({ grant_type: 'refresh_token', refresh_token: refreshToken }),
    revoke: (anyToken: string) => postForm('token/revocation', { token: anyToken }),
  };
}

export type SmartTestClient = ReturnType<typeof smartTestClient>;
