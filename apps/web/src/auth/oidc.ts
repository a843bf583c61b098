import * as oauth from 'oauth4webapi';
import { saveSession, type Session } from './session';

/**
 * Sign-in with OpenID Connect: authorization code + PKCE (S256), the console being a
 * public client (no secret). oauth4webapi does the protocol (discovery, state, PKCE,
 * the authorization response and token response checks, including the ID token's claims).
 * The issuer and client id come from the API, in index.html's meta tags.
 */
const PENDING_KEY = 'plancycle.pendingSignIn';

interface Settings {
  issuer: URL;
  clientId: string;
}

export function oidcSettings(): Settings | null {
  const read = (name: string) => document.querySelector<HTMLMetaElement>(`meta[name="plancycle:${name}"]`)?.content ?? '';
  const issuer = read('oidc-issuer') || (import.meta.env['VITE_OIDC_ISSUER'] as string | undefined) || '';
  if (!issuer) return null;
  return { issuer: new URL(issuer), clientId: read('oidc-client-id') || 'plancycle-console' };
}

/** Development providers run on plain HTTP (127.0.0.1); production issuers are HTTPS. */
const httpOptions = (issuer: URL) => (issuer.protocol === 'http:' ? { [oauth.allowInsecureRequests]: true } : {});

const redirectUri = () => `${window.location.origin}/auth/callback`;

async function discover(settings: Settings): Promise<oauth.AuthorizationServer> {
  const response = await oauth.discoveryRequest(settings.issuer, { algorithm: 'oidc', ...httpOptions(settings.issuer) });
  return oauth.processDiscoveryResponse(settings.issuer, response);
}

/** Sends the browser to the provider's sign-in page. */
export async function beginSignIn(settings: Settings): Promise<void> {
  const server = await discover(settings);
  if (!server.authorization_endpoint) throw new Error('the identity provider has no authorization endpoint');
  const codeVerifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  sessionStorage.setItem(PENDING_KEY, JSON.stringify({ codeVerifier, state }));
  const url = new URL(server.authorization_endpoint);
  url.searchParams.set('client_id', settings.clientId);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('redirect_uri', redirectUri());
  url.searchParams.set('scope', 'openid email profile');
  url.searchParams.set('state', state);
  url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(codeVerifier));
  url.searchParams.set('code_challenge_method', 'S256');
  window.location.assign(url.href);
}

/** Back at /auth/callback: checks state, exchanges the code with the verifier, keeps the tokens. */
export async function completeSignIn(settings: Settings, callbackUrl: URL): Promise<Session> {
  const pending = sessionStorage.getItem(PENDING_KEY);
  sessionStorage.removeItem(PENDING_KEY);
  if (!pending) throw new Error('no sign-in was started in this tab');
  const { codeVerifier, state } = JSON.parse(pending) as { codeVerifier: string; state: string };
  const server = await discover(settings);
  const client: oauth.Client = { client_id: settings.clientId };
  const params = oauth.validateAuthResponse(server, client, callbackUrl, state);
  const response = await oauth.authorizationCodeGrantRequest(
    server,
    client,
    oauth.None(),
    params,
    redirectUri(),
    codeVerifier,
    httpOptions(settings.issuer),
  );
  const result = await oauth.processAuthorizationCodeResponse(server, client, response);
  const session: Session = {
    accessToken: result.access_token,
    idToken: result.id_token ?? null,
    expiresAt: Date.now() + (result.expires_in ?? 300) * 1000 - 10_000,
  };
  saveSession(session);
  return session;
}
