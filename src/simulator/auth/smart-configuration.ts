import type Provider from 'oidc-provider';
import { OIDC_SCOPES, SMART_USER_SCOPES } from './auth-options';

export const SMART_CONFIGURATION_PATH = '/.well-known/smart-configuration';

/** SMART App Launch 2.x discovery (`{fhir base}/.well-known/smart-configuration`), from the provider's own routes. */
export function smartConfiguration(provider: Provider): Record<string, unknown> {
  return {
    issuer: provider.issuer,
    jwks_uri: provider.urlFor('jwks'),
    authorization_endpoint: provider.urlFor('authorization'),
    token_endpoint: provider.urlFor('token'),
    revocation_endpoint: provider.urlFor('revocation'),
    // RP-Initiated Logout: where the desk's sign-out ends the portal's own session in the browser.
    end_session_endpoint: provider.urlFor('end_session'),
    grant_types_supported: ['authorization_code', 'refresh_token'],
    response_types_supported: ['code'],
    token_endpoint_auth_methods_supported: ['none'],
    scopes_supported: [...OIDC_SCOPES, ...SMART_USER_SCOPES],
    code_challenge_methods_supported: ['S256'],
    capabilities: [
      'launch-standalone',
      'client-public',
      'sso-openid-connect',
      'permission-offline',
      'permission-user',
      'permission-v1',
      'permission-v2',
    ],
  };
}
