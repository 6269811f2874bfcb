// The fetch of an Electron session, played over Node's own (which register.mjs keeps aside).
const nodeFetch = globalThis[Symbol.for('triage-desk.stand-in.fetch')];

/**
 * Electron's fetch (lib/browser/api/net-fetch.ts), over Node's: its failures are plain
 * `Error('net::ERR_…')`, not Node's `TypeError('fetch failed')`; under `redirect: 'manual'` a 3xx
 * rejects with 'Redirect was cancelled' instead of coming back; the Response it builds has no url.
 */
export async function electronFetch(input, init = {}, { offline }) {
  if (offline) throw new Error('net::ERR_INTERNET_DISCONNECTED');
  // Electron's own option goes; Node's fetch has no custom protocols to bypass.
  const { redirect = 'follow', ...rest } = init;
  delete rest.bypassCustomProtocolHandlers;
  let response;
  try {
    response = await nodeFetch(input, { ...rest, redirect: 'manual' });
    if (response.status >= 300 && response.status < 400 && response.headers.has('location')) {
      if (redirect === 'manual') throw new Error('Redirect was cancelled');
      if (redirect === 'error') throw new Error("Attempted to redirect, but redirect policy was 'error'");
      response = await nodeFetch(input, { ...rest, redirect: 'follow' });
    }
  } catch (error) {
    if (!(error instanceof TypeError) || error.message !== 'fetch failed') throw error;
    const code = error.cause?.code;
    throw new Error(
      code === 'ECONNREFUSED'
        ? 'net::ERR_CONNECTION_REFUSED'
        : code === 'ENOTFOUND'
          ? 'net::ERR_NAME_NOT_RESOLVED'
          : code === 'ECONNRESET'
            ? 'net::ERR_CONNECTION_RESET'
            : 'net::ERR_FAILED',
    );
  }
  const nullBody = [101, 204, 205, 304].includes(response.status) || (rest.method ?? 'GET') === 'HEAD';
  return new Response(nullBody ? null : response.body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}
