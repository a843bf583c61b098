import { timingSafeEqual, createHash } from 'node:crypto';
import http from 'node:http';
import { errors, type Provider } from 'oidc-provider';
import type { IdentityConfig } from './identity-config';
import { CLIENT_NAMES } from './identity-provider';
import { renderErrorPage, renderLoginPage, type LoginRefusal } from './login-page';
import type { PeopleDirectory } from './people-directory';

const INTERACTION_PATH = /^\/interaction\/([A-Za-z0-9_-]+)(\/login)?$/;
const MAX_FORM_BYTES = 16 * 1024;

/** Why the login form refused, and the HTTP status the page is sent with. */
const REFUSAL_STATUS: Record<LoginRefusal, number> = {
  'missing-fields': 400,
  'bad-password': 401,
  'unknown-person': 401,
  'disabled-person': 403,
};

/**
 * The provider's HTTP server: the sign-in interaction (`/interaction/:uid`, the login
 * form and its POST) is ours, every other path is oidc-provider's (discovery, JWKS,
 * authorize, token…). Consent is granted on the person's behalf: every client here is
 * a first-party plancycle client.
 */
export function createIdentityServer(params: { config: IdentityConfig; provider: Provider; people: PeopleDirectory }): http.Server {
  const { provider } = params;
  const oidc = provider.callback();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = INTERACTION_PATH.exec(url.pathname);
    if (!match) {
      void oidc(req, res);
      return;
    }
    handleInteraction({ ...params, req, res, uid: match[1] ?? '', isLogin: match[2] !== undefined }).catch((error: unknown) => {
      if (error instanceof errors.SessionNotFound) {
        sendHtml(res, 400, renderErrorPage({ title: '登录请求已过期或无效。', detail: '请返回应用，重新发起登录。' }));
        return;
      }
      console.error(`[identity] interaction failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      if (!res.headersSent)
        sendHtml(res, 500, renderErrorPage({ title: '登录服务出错。', detail: '请稍后重试；详情见身份认证服务的日志。' }));
    });
  });
  // Node's 5 s default closes idle keep-alive sockets a busy client may be about to reuse
  // ("other side closed" on its next request); an idle minute is the usual proxy figure.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return server;
}

async function handleInteraction(params: {
  config: IdentityConfig;
  provider: Provider;
  people: PeopleDirectory;
  req: http.IncomingMessage;
  res: http.ServerResponse;
  uid: string;
  isLogin: boolean;
}): Promise<void> {
  const { config, provider, people, req, res } = params;
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== params.uid) throw new errors.SessionNotFound('interaction mismatch');
  const clientId = String(details.params['client_id'] ?? '');
  const clientName = CLIENT_NAMES[clientId] ?? clientId;
  const action = `/interaction/${details.uid}/login`;

  if (details.prompt.name === 'login') {
    if (!params.isLogin || req.method !== 'POST') {
      if (req.method !== 'GET') return sendHtml(res, 405, renderErrorPage({ title: '不支持的请求方法。', detail: req.method ?? '' }));
      return sendHtml(res, 200, renderLoginPage({ action, clientName }));
    }
    const form = await readForm(req);
    const email = (form.get('email') ?? '').trim();
    const password = form.get('password') ?? '';
    const outcome = await checkCredentials({ email, password, config, people });
    if (typeof outcome === 'string') {
      console.log(`[identity] sign-in refused (${outcome}): ${JSON.stringify(email)}`);
      return sendHtml(res, REFUSAL_STATUS[outcome], renderLoginPage({ action, clientName, email, refusal: outcome }));
    }
    console.log(`[identity] signed in: ${outcome.email} (${outcome.id}) to ${clientId}`);
    await provider.interactionFinished(req, res, { login: { accountId: outcome.id } }, { mergeWithLastSubmission: false });
    return;
  }

  if (details.prompt.name === 'consent') {
    const accountId = details.session?.accountId;
    if (!accountId) throw new errors.SessionNotFound('no signed-in account for consent');
    const grant = details.grantId ? await provider.Grant.find(details.grantId) : new provider.Grant({ accountId, clientId });
    if (!grant) throw new errors.SessionNotFound('grant not found');
    const prompt = details.prompt.details as {
      missingOIDCScope?: string[];
      missingOIDCClaims?: string[];
      missingResourceScopes?: Record<string, string[]>;
    };
    if (prompt.missingOIDCScope) grant.addOIDCScope(prompt.missingOIDCScope.join(' '));
    if (prompt.missingOIDCClaims) grant.addOIDCClaims(prompt.missingOIDCClaims);
    for (const [indicator, scopes] of Object.entries(prompt.missingResourceScopes ?? {}))
      grant.addResourceScope(indicator, scopes.join(' '));
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
    return;
  }

  sendHtml(res, 400, renderErrorPage({ title: '不支持的登录步骤。', detail: details.prompt.name }));
}

/** The person signing in, or why not. The demo password is shared by every account. */
async function checkCredentials(params: {
  email: string;
  password: string;
  config: IdentityConfig;
  people: PeopleDirectory;
}): Promise<LoginRefusal | { id: string; email: string }> {
  if (params.email === '' || params.password === '') return 'missing-fields';
  if (!sameSecret(params.password, params.config.demoPassword)) return 'bad-password';
  const person = await params.people.findByEmail(params.email);
  if (!person) return 'unknown-person';
  if (person.status !== 'active') return 'disabled-person';
  return { id: person.id, email: person.email };
}

/** Compares digests in constant time, so the comparison says nothing of the length. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

async function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_FORM_BYTES) throw new Error('sign-in form too large');
    chunks.push(buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function sendHtml(res: http.ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  });
  res.end(html);
}
