import { errors, Provider, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { IDENTITY_DEFAULTS } from '@plancycle/devstack';
import type { IdentityConfig } from './identity-config';
import type { ProviderKeys } from './key-store';
import { renderErrorPage } from './login-page';
import type { PeopleDirectory } from './people-directory';

/** The first-party clients; sign-in to them needs no consent screen. */
export const CLIENT_NAMES: Record<string, string> = {
  [IDENTITY_DEFAULTS.consoleClientId]: 'plancycle 控制台',
  [IDENTITY_DEFAULTS.cliClientId]: 'plancycle 命令行',
};

/**
 * oidc-provider configured as plancycle's development identity provider: accounts are
 * the active people of the directory (sub = Person.id), the clients are public and
 * use authorization code + PKCE (S256), and access tokens are JWTs for the API
 * (resource indicator `urn:plancycle:api`, audience OIDC_AUDIENCE) carrying `email`
 * and `name`.
 */
export function createProvider(params: { config: IdentityConfig; keys: ProviderKeys; people: PeopleDirectory }): Provider {
  const { config, keys, people } = params;
  const apiResource = IDENTITY_DEFAULTS.apiResource;

  const configuration: Configuration = {
    clients: [
      {
        client_id: IDENTITY_DEFAULTS.consoleClientId,
        client_name: CLIENT_NAMES[IDENTITY_DEFAULTS.consoleClientId],
        application_type: 'web',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: config.consoleRedirectUris,
      },
      {
        client_id: IDENTITY_DEFAULTS.cliClientId,
        client_name: CLIENT_NAMES[IDENTITY_DEFAULTS.cliClientId],
        // Native: any port on a loopback redirect URI is accepted (RFC 8252 §7.3).
        application_type: 'native',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code'],
        response_types: ['code'],
        redirect_uris: config.cliRedirectUris,
      },
    ],
    pkce: { required: () => true },
    jwks: keys.jwks,
    cookies: { keys: keys.cookieKeys },
    scopes: ['openid', 'email', 'profile', 'offline_access'],
    claims: { openid: ['sub'], email: ['email'], profile: ['name'] },
    async findAccount(_ctx, sub) {
      // A person disabled since signing in has no account any more: no new tokens.
      const person = await people.findById(sub);
      if (!person || person.status !== 'active') return undefined;
      return {
        accountId: person.id,
        claims: () => ({ sub: person.id, email: person.email, name: person.name }),
      };
    },
    async extraTokenClaims(_ctx, token) {
      if (token.kind !== 'AccessToken' || !token.accountId) return undefined;
      const person = await people.findById(token.accountId);
      return person ? { email: person.email, name: person.name } : undefined;
    },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      resourceIndicators: {
        enabled: true,
        // Every authorization request is for the API unless it names another resource.
        defaultResource: () => apiResource,
        // The code's resource applies at the token endpoint without a `resource` parameter.
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, indicator) => {
          if (indicator !== apiResource) throw new errors.InvalidTarget(`the only resource here is ${apiResource}`);
          return { scope: '', audience: config.audience, accessTokenFormat: 'jwt', accessTokenTTL: config.accessTokenTtlSeconds };
        },
      },
    },
    clientBasedCORS: (_ctx, origin, client) =>
      client.redirectUris?.some((uri) => URL.canParse(uri) && new URL(uri).origin === origin) ?? false,
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    ttl: {
      AccessToken: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? config.accessTokenTtlSeconds,
      AuthorizationCode: 60,
      IdToken: config.accessTokenTtlSeconds,
      Interaction: 30 * 60,
      Session: 12 * 60 * 60,
      Grant: 12 * 60 * 60,
      RefreshToken: 12 * 60 * 60,
    },
    renderError: (ctx: KoaContextWithOIDC, out) => {
      ctx.type = 'html';
      ctx.body = renderErrorPage({
        title: '登录请求无法完成。',
        detail: `${String(out['error'] ?? 'error')}: ${String(out['error_description'] ?? '')}。请返回应用重新登录。`,
      });
    },
  };

  const provider = new Provider(config.issuer, configuration);
  provider.on('server_error', (_ctx: unknown, error: Error) => console.error(`[identity] server error: ${error.stack ?? error.message}`));
  return provider;
}
