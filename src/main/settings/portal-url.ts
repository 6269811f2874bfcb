/**
 * Patient data only travels encrypted: a configured portal must be https://. Plain http:// is
 * allowed for this computer alone (the portal simulator, a local test portal), where nothing
 * crosses a network. The settings schema only checks that the value is a URL; this is the policy,
 * applied before the app talks to the portal, and it names the setting so staff or IT can fix it.
 */
export const PORTAL_URL_SETTING = 'portalUrl';

/** The hosts WHATWG URL parsing leaves for this computer (`127.1` and `0x7f000001` become `127.0.0.1`). */
const LOOPBACK_HOSTS: readonly string[] = ['127.0.0.1', '[::1]', 'localhost'];

export type PortalUrlCheck = { ok: true; url: string } | { ok: false; problem: string };

export function checkPortalUrl(raw: string): PortalUrlCheck {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    // Not echoed: an address that does not parse may still hold a password.
    return refuse("it is not a web address. Use the portal's https:// address.");
  }
  // Credentials in a settings file end up in logs and error messages; sign-in is the place for them.
  if (url.username !== '' || url.password !== '') {
    return refuse(`${url.protocol}//${url.host} carries a user name or password. Remove them from the address.`);
  }
  if (url.protocol === 'https:') return { ok: true, url: raw };
  if (url.protocol === 'http:') {
    if (LOOPBACK_HOSTS.includes(url.hostname)) return { ok: true, url: raw };
    return refuse(
      `${url.origin} uses plain http://, which would send patient data unencrypted. Use the portal's ` +
        'https:// address (plain http:// is allowed only for this computer: localhost, 127.0.0.1 or [::1]).',
    );
  }
  return refuse(`${url.protocol}// is not a portal address. Use the portal's https:// address.`);
}

function refuse(detail: string): PortalUrlCheck {
  return { ok: false, problem: `The ${PORTAL_URL_SETTING} setting is refused: ${detail}` };
}
