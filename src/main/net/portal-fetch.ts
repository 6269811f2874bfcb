/**
 * How the desk reaches the portal: every FHIR read and write, SMART discovery, the token and
 * revocation endpoints. The app passes Electron's `net.fetch`, which goes through Chromium's network
 * stack: the system proxy (PAC files, NTLM and Kerberos) and the operating system's certificate
 * store, where clinics install the DoD and their own roots. Node's `fetch` knows neither; only the
 * tests and the developer CLI use it, through `nodeFetch` below, the one place src/main names it
 * (src/main/net/portal-fetch.test.ts scans for others).
 */
export type PortalFetch = typeof globalThis.fetch;

export const nodeFetch: PortalFetch = (input, init) => globalThis.fetch(input, init);
