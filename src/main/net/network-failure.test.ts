import { describe, expect, it } from 'vitest';
import { networkFailure } from './network-failure';

describe('networkFailure', () => {
  it("reads Node's fetch, Electron's net.fetch and openid-client's wrapping alike", () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    const node = new TypeError('fetch failed', { cause: refused });
    expect(networkFailure(node)).toEqual({
      kind: 'unreachable',
      detail: 'fetch failed: connect ECONNREFUSED 127.0.0.1:9',
    });
    const electron = new Error('net::ERR_PROXY_CONNECTION_FAILED');
    expect(networkFailure(electron)).toEqual({ kind: 'unreachable', detail: 'net::ERR_PROXY_CONNECTION_FAILED' });
    const wrapped = new Error('something went wrong', { cause: electron });
    expect(networkFailure(wrapped)).toEqual({ kind: 'unreachable', detail: 'net::ERR_PROXY_CONNECTION_FAILED' });
    expect(networkFailure(new Error('something went wrong', { cause: new Error('Redirect was cancelled') }))).toEqual({
      kind: 'redirected',
      detail: 'Redirect was cancelled',
    });
  });

  it('tells an untrusted certificate from a network that is down, from either fetch', () => {
    expect(networkFailure(new Error('net::ERR_CERT_AUTHORITY_INVALID'))).toEqual({
      kind: 'certificate',
      detail: 'net::ERR_CERT_AUTHORITY_INVALID',
    });
    const untrusted = Object.assign(new Error('self-signed certificate in certificate chain'), {
      code: 'SELF_SIGNED_CERT_IN_CHAIN',
    });
    expect(networkFailure(new TypeError('fetch failed', { cause: untrusted }))).toEqual({
      kind: 'certificate',
      detail: 'fetch failed: self-signed certificate in certificate chain',
    });
  });

  it('says nothing of an answer that came and failed a check', () => {
    expect(networkFailure(new Error('unexpected JWT claim value encountered'))).toBeNull();
    expect(networkFailure(new TypeError('"server" must be an instance of URL'))).toBeNull();
    expect(networkFailure('a string')).toBeNull();
  });
});
