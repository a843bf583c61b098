import { createHash, randomBytes } from 'node:crypto';
import { IDENTITY_DEFAULTS } from './identity-defaults';

/** What a sign-in returns: the API's bearer token and the OpenID Connect ID token. */
export interface SignInResult {
  accessToken: string;
  idToken: string;
  /** Seconds the access token lives, as the token endpoint says. */
  expiresIn: number;
}

/** The provider refused the person (the login page's message, in Chinese), or the flow broke. */
export class SignInError extends Error {
  constructor(
    message: string,
    /** The HTTP status of the page or endpoint that refused. */
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = 'SignInError';
  }
}

const MAX_REDIRECTS = 10;

/**
 * Signs a person in to the embedded identity provider (apps/identity) the way a browser
 * would: authorization code + PKCE (S256) through the real login form. GET the
 * authorization endpoint, follow to the login page, POST the form, follow redirects
 * (keeping cookies) back to the redirect URI, then exchange the code at the token
 * endpoint with the code verifier. Nothing listens on the redirect URI: the code is read
 * off the last redirect. Development and tests only (it fills in the embedded login form).
 */
export async function signIn(params: {
  issuer: string;
  email: string;
  password: string;
  clientId?: string;
  redirectUri?: string;
}): Promise<SignInResult> {
  const clientId = params.clientId ?? IDENTITY_DEFAULTS.cliClientId;
  const redirectUri = params.redirectUri ?? IDENTITY_DEFAULTS.cliRedirectUri;
  const discovery = await fetchJson<{ issuer: string; authorization_endpoint: string; token_endpoint: string }>(
    `${params.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`,
  );
  const verifier = randomBytes(32).toString('base64url');
  const state = randomBytes(16).toString('base64url');
  const authorize = new URL(discovery.authorization_endpoint);
  authorize.search = new URLSearchParams({
    client_id: clientId,
    response_type: 'code',
    redirect_uri: redirectUri,
    scope: IDENTITY_DEFAULTS.scope,
    state,
    nonce: randomBytes(16).toString('base64url'),
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();

  const browser = new CookieBrowser();
  let response = await browser.follow(authorize.href, redirectUri);
  if (response.callback === null) {
    const page = await response.response.text();
    const action = /<form[^>]*\saction="([^"]+)"/.exec(page)?.[1];
    if (!action) throw new SignInError(`no login form at ${response.url} (HTTP ${response.response.status})`, response.response.status);
    response = await browser.follow(new URL(decodeHtml(action), response.url).href, redirectUri, {
      method: 'POST',
      body: new URLSearchParams({ email: params.email, password: params.password }),
    });
  }
  if (response.callback === null) {
    const page = await response.response.text();
    const message = /role="alert"[^>]*>([^<]*)</.exec(page)?.[1];
    throw new SignInError(
      message ? decodeHtml(message) : `sign-in did not return to ${redirectUri} (HTTP ${response.response.status} at ${response.url})`,
      response.response.status,
    );
  }

  const callback = response.callback;
  if (callback.searchParams.get('error')) {
    throw new SignInError(`${callback.searchParams.get('error')}: ${callback.searchParams.get('error_description') ?? ''}`);
  }
  if (callback.searchParams.get('state') !== state) throw new SignInError('the state returned differs from the one sent');
  const code = callback.searchParams.get('code');
  if (!code) throw new SignInError(`no authorization code in ${callback.href}`);

  const token = await fetchRetryingDroppedSocket(discovery.token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      client_id: clientId,
      code_verifier: verifier,
    }),
  });
  const body = (await token.json()) as {
    access_token?: string;
    id_token?: string;
    expires_in?: number;
    error?: string;
    error_description?: string;
  };
  if (!token.ok || !body.access_token || !body.id_token) {
    throw new SignInError(`token endpoint: ${body.error ?? token.status} ${body.error_description ?? ''}`.trim(), token.status);
  }
  return { accessToken: body.access_token, idToken: body.id_token, expiresIn: body.expires_in ?? 0 };
}

/** Follows redirects by hand, keeping the provider's cookies, and stops at the redirect URI. */
class CookieBrowser {
  private readonly cookies = new Map<string, string>();

  async follow(
    startUrl: string,
    redirectUri: string,
    init: { method: 'POST'; body: URLSearchParams } | null = null,
  ): Promise<{ url: string; response: Response; callback: URL | null }> {
    let url = startUrl;
    let request = init;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      if (isAt(url, redirectUri)) return { url, response: new Response(null), callback: new URL(url) };
      const response = await fetchRetryingDroppedSocket(url, {
        method: request?.method ?? 'GET',
        redirect: 'manual',
        headers: {
          ...(this.cookies.size > 0 ? { cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ') } : {}),
          ...(request ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        body: request?.body ?? null,
      });
      this.keep(response.headers.getSetCookie());
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) return { url, response, callback: null };
      await response.arrayBuffer();
      url = new URL(location, url).href;
      request = null;
    }
    throw new SignInError(`more than ${MAX_REDIRECTS} redirects from ${startUrl}`);
  }

  private keep(setCookies: string[]): void {
    for (const header of setCookies) {
      const [pair = '', ...attributes] = header.split(';');
      const separator = pair.indexOf('=');
      if (separator <= 0) continue;
      const name = pair.slice(0, separator).trim();
      const expired = attributes.some((a) => {
        const [key = '', value = ''] = a.trim().split('=');
        if (key.toLowerCase() === 'max-age') return Number(value) <= 0;
        if (key.toLowerCase() === 'expires') return Date.parse(value) <= Date.now();
        return false;
      });
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(separator + 1).trim());
    }
  }
}

/** The provider redirects to the redirect URI exactly as it was sent. */
function isAt(url: string, redirectUri: string): boolean {
  const at = new URL(url);
  const target = new URL(redirectUri);
  return at.origin === target.origin && at.pathname === target.pathname;
}

async function fetchJson<T>(url: string): Promise<T> {
  const response = await fetchRetryingDroppedSocket(url, { headers: { accept: 'application/json' } });
  if (!response.ok) throw new SignInError(`${url}: HTTP ${response.status}`, response.status);
  return (await response.json()) as T;
}

/**
 * fetch, tried once more when the pooled keep-alive socket it picked had been closed by the
 * server (undici: "other side closed" before any answer). The request was never answered,
 * so sending it again on a fresh socket is safe; a second failure is thrown as it is.
 */
async function fetchRetryingDroppedSocket(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    if (!isDroppedSocket(error)) throw error;
    return await fetch(url, init);
  }
}

function isDroppedSocket(error: unknown): boolean {
  const cause = error instanceof TypeError ? (error as TypeError & { cause?: { code?: unknown } }).cause : undefined;
  return cause?.code === 'UND_ERR_SOCKET';
}

function decodeHtml(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
