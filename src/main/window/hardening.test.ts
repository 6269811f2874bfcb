import { describe, expect, it, vi } from 'vitest';
import { applyHardening, CONTENT_SECURITY_POLICY, isAllowedExternalUrl, secureWebPreferences } from './hardening';
import type { HardenableContents } from './hardening';

describe('window hardening', () => {
  it('isolates the renderer completely', () => {
    expect(secureWebPreferences('/app/out/preload/index.cjs')).toEqual({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
    });
  });

  it('has a CSP with no inline script, no eval and no remote origin', () => {
    const directives = new Map(
      CONTENT_SECURITY_POLICY.split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name, values] as const;
      }),
    );
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
  });

  it('allows external links only to allow-listed https hosts', () => {
    expect(isAllowedExternalUrl('https://www.tricare.mil/CoveredServices/Pharmacy')).toBe(true);
    expect(isAllowedExternalUrl('https://988lifeline.org/')).toBe(true);
    expect(isAllowedExternalUrl('http://www.tricare.mil/')).toBe(false);
    expect(isAllowedExternalUrl('https://www.tricare.mil.evil.example/')).toBe(false);
    expect(isAllowedExternalUrl('https://user:pw@www.tricare.mil/')).toBe(false);
    expect(isAllowedExternalUrl('file:///etc/passwd')).toBe(false);
    expect(isAllowedExternalUrl('not a url')).toBe(false);
  });

  it('denies navigation, new windows, webviews and permissions, and sends the CSP header', () => {
    const listeners = new Map<string, (event: { preventDefault(): void }) => void>();
    let openHandler: ((details: { url: string }) => { action: 'deny' }) | undefined;
    type Session = HardenableContents['session'];
    let permissionHandler: Parameters<Session['setPermissionRequestHandler']>[0] | undefined;
    let permissionCheck: Parameters<Session['setPermissionCheckHandler']>[0] | undefined;
    let headers: Parameters<HardenableContents['session']['webRequest']['onHeadersReceived']>[0] | undefined;
    const contents: HardenableContents = {
      on: (event, listener) => listeners.set(event, listener),
      setWindowOpenHandler: (handler) => {
        openHandler = handler;
      },
      session: {
        setPermissionRequestHandler: (handler) => {
          permissionHandler = handler;
        },
        setPermissionCheckHandler: (handler) => {
          permissionCheck = handler;
        },
        webRequest: {
          onHeadersReceived: (listener) => {
            headers = listener;
          },
        },
      },
    };
    const openExternal = vi.fn();
    applyHardening(contents, openExternal, ['app://triage-desk']);

    for (const event of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const preventDefault = vi.fn();
      listeners.get(event)?.({ preventDefault });
      expect(preventDefault, event).toHaveBeenCalledOnce();
    }
    expect(openHandler?.({ url: 'https://www.tricare.mil/' })).toEqual({ action: 'deny' });
    expect(openHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(openExternal.mock.calls).toEqual([['https://www.tricare.mil/']]);

    const asked = (permission: string, requestingUrl: string) => {
      let answer: boolean | undefined;
      permissionHandler?.(null, permission, (granted) => (answer = granted), { requestingUrl });
      return answer;
    };
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      expect(asked(permission, 'app://triage-desk/index.html'), permission).toBe(false);
      expect(permissionCheck?.(null, permission, 'app://triage-desk'), permission).toBe(false);
    }
    // Copying the sign-in address: the app's own page only.
    expect(asked('clipboard-sanitized-write', 'app://triage-desk/index.html')).toBe(true);
    expect(permissionCheck?.(null, 'clipboard-sanitized-write', 'app://triage-desk')).toBe(true);
    expect(asked('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
    expect(permissionCheck?.(null, 'clipboard-sanitized-write', 'https://evil.example')).toBe(false);
    expect(asked('clipboard-sanitized-write', 'not a url')).toBe(false);

    const respond = vi.fn();
    headers?.({ responseHeaders: { 'X-Other': ['1'] } }, respond);
    expect(respond).toHaveBeenCalledWith({
      responseHeaders: { 'X-Other': ['1'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
});
