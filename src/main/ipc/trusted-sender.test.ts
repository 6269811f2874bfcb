import { describe, expect, it } from 'vitest';
import { APP_INDEX_URL, APP_ORIGIN } from '../window/app-protocol';
import { isTrustedSender } from './trusted-sender';

describe('isTrustedSender', () => {
  const file = 'file:///Applications/Triage%20Desk.app/Contents/Resources/app/out/renderer/';
  it('accepts the app page from its app:// origin or its dev server, main frame only', () => {
    expect(isTrustedSender({ url: APP_INDEX_URL, isMainFrame: true }, [APP_ORIGIN])).toBe(true);
    expect(isTrustedSender({ url: `${APP_ORIGIN}/`, isMainFrame: true }, [APP_ORIGIN])).toBe(true);
    expect(isTrustedSender({ url: 'http://localhost:5173/', isMainFrame: true }, ['http://localhost:5173'])).toBe(true);
    expect(isTrustedSender({ url: APP_INDEX_URL, isMainFrame: false }, [APP_ORIGIN])).toBe(false);
    // No file:// page is trusted, whatever a caller passes as an origin.
    expect(isTrustedSender({ url: `${file}index.html`, isMainFrame: true }, [file])).toBe(false);
  });

  it('no longer trusts a file:// page when only the app:// origin is trusted', () => {
    expect(isTrustedSender({ url: `${file}index.html`, isMainFrame: true }, [APP_ORIGIN])).toBe(false);
    expect(isTrustedSender({ url: 'file://triage-desk/index.html', isMainFrame: true }, [APP_ORIGIN])).toBe(false);
  });

  it.each([
    'app://triage-desk.evil.example/index.html',
    'app://evil.example/index.html',
    'app://triage-desk@evil.example/index.html',
    'app://evil.example@triage-desk/index.html',
    'app://triage-desk:8080/index.html',
    'app:triage-desk/index.html',
    'app:///index.html',
    'https://triage-desk/index.html',
    'http://triage-desk/index.html',
    'data:text/html,app://triage-desk',
    'javascript:app://triage-desk',
    'about:blank',
    '',
  ])('rejects the app:// lookalike %j', (url) => {
    expect(isTrustedSender({ url, isMainFrame: true }, [APP_ORIGIN])).toBe(false);
  });

  it('rejects lookalikes of the dev server', () => {
    expect(isTrustedSender({ url: 'http://localhost:5174/', isMainFrame: true }, ['http://localhost:5173'])).toBe(
      false,
    );
    expect(isTrustedSender({ url: 'file:///Applications/Evil/index.html', isMainFrame: true }, [file])).toBe(false);
    expect(
      isTrustedSender({ url: 'http://localhost:5173.evil.example/', isMainFrame: true }, ['http://localhost:5173']),
    ).toBe(false);
    expect(isTrustedSender({ url: '', isMainFrame: true }, [file])).toBe(false);
  });
});
