import { describe, expect, it } from 'vitest';
import { isTrustedSender } from './trusted-sender';

describe('isTrustedSender', () => {
  const file = 'file:///Applications/Triage%20Desk.app/Contents/Resources/app/out/renderer/';
  it('accepts the app page from its own folder or dev server, main frame only', () => {
    expect(isTrustedSender({ url: `${file}index.html`, isMainFrame: true }, [file])).toBe(true);
    expect(isTrustedSender({ url: 'http://localhost:5173/', isMainFrame: true }, ['http://localhost:5173'])).toBe(true);
    expect(isTrustedSender({ url: `${file}index.html`, isMainFrame: false }, [file])).toBe(false);
  });

  it('rejects lookalikes', () => {
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
