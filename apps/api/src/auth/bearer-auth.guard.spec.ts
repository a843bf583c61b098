import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ThrottlerStorageService } from '@nestjs/throttler';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import type { ApiConfig } from '@plancycle/config';
import type { Repositories, ResolvedServiceToken, SignedInPerson } from '@plancycle/persistence';
import { DomainError, type Actor } from '@plancycle/contracts';
import { AssignmentsController } from '../assignments/assignments.controller';
import { AuditController } from '../audit/audit.controller';
import { DomainExceptionFilter } from '../common/domain-exception.filter';
import { CyclesController } from '../cycles/cycles.controller';
import { DirectoryController } from '../directory/directory.controller';
import { HealthController } from '../health/health.controller';
import { MeController } from '../me/me.controller';
import { PlansController } from '../plans/plans.controller';
import { AuthFailureLimiter } from './auth-failure-limiter';
import { AllowRoles, PublicEndpoint } from './auth.decorators';
import { BearerAuthGuard } from './bearer-auth.guard';
import type { OidcTokenVerifier } from './oidc-token.verifier';

const tokens = {
  coordinator: 'plct_coordinator-token-0001',
  science: 'plct_dept-kgj-token-000001',
  auditor: 'plct_auditor-token-0000001',
  revoked: 'plct_revoked-token-000001',
  expired: 'plct_expired-token-000001',
  person: 'eyJ.person.jwt',
  disabledPerson: 'eyJ.disabled.jwt',
};

const config = { PLANCYCLE_AUTH_FAILURES_PER_MINUTE: 1_000 } as ApiConfig;

const future = new Date(Date.now() + 86_400_000);
/**
 * The guard's two ports, as fakes: the directory's lookups (exercised for real on
 * PostgreSQL by the e2e tests) and the token verifier (real tokens from the embedded
 * identity provider in the e2e tests). Here: the guard's own rules.
 */
const serviceTokens: Record<string, ResolvedServiceToken> = {
  [tokens.coordinator]: {
    id: 't-coord',
    name: '工作专班办公室',
    role: 'coordinator',
    unit: null,
    expiresAt: future,
    revokedAt: null,
    lastUsedAt: null,
  },
  [tokens.science]: {
    id: 't-kgj',
    name: '市科工局报送接口',
    role: 'department',
    unit: { id: 'u-kgj', name: '市科工局' },
    expiresAt: future,
    revokedAt: null,
    lastUsedAt: null,
  },
  [tokens.auditor]: { id: 't-audit', name: '审计', role: 'auditor', unit: null, expiresAt: future, revokedAt: null, lastUsedAt: null },
  [tokens.revoked]: {
    id: 't-rev',
    name: 'old',
    role: 'coordinator',
    unit: null,
    expiresAt: future,
    revokedAt: new Date(0),
    lastUsedAt: null,
  },
  [tokens.expired]: {
    id: 't-exp',
    name: 'old',
    role: 'coordinator',
    unit: null,
    expiresAt: new Date(0),
    revokedAt: null,
    lastUsedAt: null,
  },
};
const people: Record<string, SignedInPerson> = {
  'sub-wang': {
    id: 'p-wang',
    name: '王芳',
    email: 'wang@kgj.gov.cn',
    role: 'department',
    status: 'active',
    unit: { id: 'u-kgj', name: '市科工局' },
    leaderUnits: [],
  },
  'sub-li': {
    id: 'p-li',
    name: '李明',
    email: 'li@kgj.gov.cn',
    role: 'department',
    status: 'disabled',
    unit: { id: 'u-kgj', name: '市科工局' },
    leaderUnits: [],
  },
};
const repositories = {
  directory: {
    findServiceToken: async (token: string) => serviceTokens[token] ?? null,
    touchServiceToken: async () => undefined,
    findPersonForSignIn: async ({ subject }: { subject: string }) => people[subject] ?? null,
  },
} as unknown as Repositories;
const verifier = {
  verify: async (token: string) => {
    if (token === tokens.person) return { subject: 'sub-wang', email: 'wang@kgj.gov.cn', name: '王芳' };
    if (token === tokens.disabledPerson) return { subject: 'sub-li', email: 'li@kgj.gov.cn', name: '李明' };
    throw new DomainError({ code: 'UNAUTHENTICATED', message: 'the access token is not valid (signature, format or key)' });
  },
} as unknown as OidcTokenVerifier;

/** Handlers with role metadata, as controllers declare it. */
@AllowRoles('department')
class ExampleController {
  @AllowRoles('coordinator')
  coordinatorOnly(): void {}

  @AllowRoles('coordinator', 'auditor')
  listsTheAuditor(): void {}

  inheritsClassRoles(): void {}

  @PublicEndpoint()
  publicProbe(): void {}
}

class UnrestrictedController {
  anyone(): void {}
}

interface FakeRequest {
  method: string;
  ip: string;
  headers: { authorization?: string };
  actor?: Actor;
}

/** The guard's view of one HTTP call: Nest's own ExecutionContextHost over a plain request. */
function callTo(
  controller: abstract new (...args: never[]) => unknown,
  handler: string,
  method: string,
  authorization?: string,
  ip = '192.0.2.1',
) {
  const request: FakeRequest = { method, ip, headers: authorization === undefined ? {} : { authorization } };
  const headers: Record<string, string> = {};
  const response = { setHeader: (name: string, value: string) => void (headers[name] = value) };
  const handlerFunction = (controller.prototype as Record<string, (...args: unknown[]) => unknown>)[handler];
  if (!handlerFunction) throw new Error(`${controller.name} has no handler ${handler}`);
  const context: ExecutionContext = new ExecutionContextHost([request, response, () => undefined], controller as never, handlerFunction);
  return { request, context, headers };
}

const storages: ThrottlerStorageService[] = [];
function guardWith(authFailuresPerMinute: number): BearerAuthGuard {
  const storage = new ThrottlerStorageService();
  storages.push(storage);
  const limited = { ...config, PLANCYCLE_AUTH_FAILURES_PER_MINUTE: authFailuresPerMinute };
  return new BearerAuthGuard(new Reflector(), repositories, verifier, new AuthFailureLimiter(storage, limited));
}
afterAll(() => storages.forEach((storage) => storage.onApplicationShutdown()));

const guard = guardWith(1_000);

/** What the API answers when the guard throws: the real exception filter's status and body. */
async function httpAnswerOf(run: () => unknown): Promise<{ status: number; body: { error: { code: string; message: string } } }> {
  let thrown: unknown;
  try {
    await run();
  } catch (error) {
    thrown = error;
  }
  if (!(thrown instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(thrown)}`);
  const answer = { status: 0, body: undefined as unknown };
  const response = {
    status(code: number) {
      answer.status = code;
      return response;
    },
    json(body: unknown) {
      answer.body = body;
      return response;
    },
    getHeader() {
      return undefined;
    },
    setHeader() {
      return response;
    },
  };
  new DomainExceptionFilter().catch(thrown, new ExecutionContextHost([{}, response]));
  return answer as { status: number; body: { error: { code: string; message: string } } };
}

describe('BearerAuthGuard', () => {
  describe('authentication', () => {
    it('answers 401 without an Authorization header', async () => {
      const { context, request } = callTo(ExampleController, 'coordinatorOnly', 'GET');
      expect(await httpAnswerOf(() => guard.canActivate(context))).toEqual({
        status: 401,
        body: { error: { code: 'UNAUTHENTICATED', message: 'send Authorization: Bearer <token>', issues: [], retryable: false } },
      });
      expect(request.actor).toBeUndefined();
    });

    it.each([
      ['another scheme', `Basic ${tokens.coordinator}`],
      ['an empty bearer', 'Bearer '],
      ['two tokens', `Bearer ${tokens.coordinator} ${tokens.science}`],
    ])('answers 401 for %s', async (_case, authorization) => {
      const { context } = callTo(ExampleController, 'coordinatorOnly', 'GET', authorization);
      expect((await httpAnswerOf(() => guard.canActivate(context))).status).toBe(401);
    });

    it.each([
      ['an unknown service token', 'plct_not-a-token-at-all', 'unknown service token'],
      ['a revoked service token', tokens.revoked, 'this service token was revoked'],
      ['an expired service token', tokens.expired, 'this service token has expired'],
      ['an access token that does not verify', 'eyJ.tampered.jwt', 'the access token is not valid (signature, format or key)'],
      ['a disabled person', tokens.disabledPerson, 'this account is disabled'],
    ])('answers 401 for %s', async (_case, token, message) => {
      const { context } = callTo(ExampleController, 'coordinatorOnly', 'GET', `Bearer ${token}`);
      expect((await httpAnswerOf(() => guard.canActivate(context))).body.error).toMatchObject({ code: 'UNAUTHENTICATED', message });
    });

    it('puts the caller on the request: a service token with its id and scope, a person from the directory', async () => {
      const coordinatorCall = callTo(ExampleController, 'coordinatorOnly', 'POST', `Bearer ${tokens.coordinator}`);
      expect(await guard.canActivate(coordinatorCall.context)).toBe(true);
      expect(coordinatorCall.request.actor).toEqual({
        id: 'token:t-coord',
        kind: 'service-token',
        role: 'coordinator',
        unit: null,
        unitId: null,
        displayName: '工作专班办公室',
        tokenId: 't-coord',
        leaderUnits: [],
      });
      const personCall = callTo(ExampleController, 'inheritsClassRoles', 'POST', `bearer   ${tokens.person}`);
      expect(await guard.canActivate(personCall.context)).toBe(true);
      expect(personCall.request.actor).toEqual({
        id: 'p-wang',
        kind: 'person',
        role: 'department',
        unit: '市科工局',
        unitId: 'u-kgj',
        displayName: '王芳',
        tokenId: null,
        leaderUnits: [],
      });
    });

    it('passes an unreachable identity provider on as a 503, not counted as a failed sign-in', async () => {
      const unreachable = {
        verify: async () => {
          throw new DomainError({ code: 'DEPENDENCY_UNAVAILABLE', message: 'the sign-in service cannot be reached', retryable: true });
        },
      } as unknown as OidcTokenVerifier;
      const storage = new ThrottlerStorageService();
      storages.push(storage);
      const strict = { ...config, PLANCYCLE_AUTH_FAILURES_PER_MINUTE: 1 };
      const guardWithoutIssuer = new BearerAuthGuard(new Reflector(), repositories, unreachable, new AuthFailureLimiter(storage, strict));
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const { context } = callTo(ExampleController, 'coordinatorOnly', 'GET', 'Bearer eyJ.any.jwt', '203.0.113.9');
        expect((await httpAnswerOf(() => guardWithoutIssuer.canActivate(context))).status).toBe(503);
      }
    });

    it('says how to authenticate on a 401 (WWW-Authenticate: Bearer)', async () => {
      const { context } = callTo(ExampleController, 'coordinatorOnly', 'GET');
      let thrown: unknown;
      await Promise.resolve(guard.canActivate(context)).catch((error: unknown) => (thrown = error));
      const headers: Record<string, string> = {};
      const response = {
        status: () => response,
        json: () => response,
        getHeader: (name: string) => headers[name],
        setHeader: (name: string, value: string) => void (headers[name] = value),
      };
      new DomainExceptionFilter().catch(thrown, new ExecutionContextHost([{}, response]));
      expect(headers['WWW-Authenticate']).toBe('Bearer realm="plancycle"');
    });

    it('answers 429 with Retry-After past the failed-authentication limit of a client, even to a good token, and not to other clients', async () => {
      const limitedGuard = guardWith(3);
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const { context } = callTo(ExampleController, 'coordinatorOnly', 'GET', 'Bearer plct_wrong-token-guess-000000', '198.51.100.7');
        expect((await httpAnswerOf(() => limitedGuard.canActivate(context))).status).toBe(401);
      }
      const blocked = callTo(ExampleController, 'coordinatorOnly', 'GET', 'Bearer plct_wrong-token-guess-000000', '198.51.100.7');
      expect(await httpAnswerOf(() => limitedGuard.canActivate(blocked.context))).toMatchObject({
        status: 429,
        body: { error: { code: 'RATE_LIMITED', retryable: true } },
      });
      expect(Number(blocked.headers['Retry-After'])).toBeGreaterThanOrEqual(1);
      const goodTokenWhileBlocked = callTo(ExampleController, 'coordinatorOnly', 'GET', `Bearer ${tokens.coordinator}`, '198.51.100.7');
      expect((await httpAnswerOf(() => limitedGuard.canActivate(goodTokenWhileBlocked.context))).status).toBe(429);
      const otherClient = callTo(ExampleController, 'coordinatorOnly', 'GET', `Bearer ${tokens.coordinator}`, '198.51.100.8');
      expect(await limitedGuard.canActivate(otherClient.context)).toBe(true);
    });

    it('lets a public endpoint through without a token', async () => {
      const { context, request } = callTo(ExampleController, 'publicProbe', 'GET');
      expect(await guard.canActivate(context)).toBe(true);
      expect(request.actor).toBeUndefined();
    });
  });

  describe('roles', () => {
    it('answers 403 to an auditor on a POST, even where the handler lists the auditor', async () => {
      for (const handler of ['listsTheAuditor', 'coordinatorOnly']) {
        const { context } = callTo(ExampleController, handler, 'POST', `Bearer ${tokens.auditor}`);
        expect(await httpAnswerOf(() => guard.canActivate(context))).toMatchObject({
          status: 403,
          body: { error: { code: 'FORBIDDEN', message: 'auditors read and replay; they change nothing' } },
        });
      }
      for (const method of ['PUT', 'PATCH', 'DELETE']) {
        const { context } = callTo(UnrestrictedController, 'anyone', method, `Bearer ${tokens.auditor}`);
        expect((await httpAnswerOf(() => guard.canActivate(context))).status).toBe(403);
      }
    });

    it('lets an auditor read (GET, HEAD, OPTIONS), whatever roles the handler lists', async () => {
      for (const method of ['GET', 'HEAD', 'OPTIONS']) {
        const { context, request } = callTo(ExampleController, 'coordinatorOnly', method, `Bearer ${tokens.auditor}`);
        expect(await guard.canActivate(context)).toBe(true);
        expect(request.actor?.role).toBe('auditor');
      }
    });

    it('answers 403 naming the needed role when the handler does not list the caller', async () => {
      const { context } = callTo(ExampleController, 'coordinatorOnly', 'GET', `Bearer ${tokens.science}`);
      expect(await httpAnswerOf(() => guard.canActivate(context))).toMatchObject({
        status: 403,
        body: { error: { code: 'FORBIDDEN', message: 'this needs the role coordinator' } },
      });
    });

    it("takes the handler's roles over the class's, and the class's when the handler lists none", async () => {
      const coordinatorOnClassRoles = callTo(ExampleController, 'inheritsClassRoles', 'GET', `Bearer ${tokens.coordinator}`);
      expect((await httpAnswerOf(() => guard.canActivate(coordinatorOnClassRoles.context))).body.error.message).toBe(
        'this needs the role department',
      );
      const departmentOnHandlerRoles = callTo(ExampleController, 'listsTheAuditor', 'GET', `Bearer ${tokens.science}`);
      expect((await httpAnswerOf(() => guard.canActivate(departmentOnHandlerRoles.context))).body.error.message).toBe(
        'this needs the role coordinator or auditor',
      );
    });

    it('lets every authenticated role call a handler that lists no roles', async () => {
      for (const token of [tokens.coordinator, tokens.science, tokens.auditor]) {
        const { context } = callTo(UnrestrictedController, 'anyone', 'GET', `Bearer ${token}`);
        expect(await guard.canActivate(context)).toBe(true);
      }
    });
  });

  describe('on the real controllers', () => {
    const cases: [string, abstract new (...args: never[]) => unknown, string, string, keyof typeof tokens, number | true][] = [
      ['GET /health', HealthController, 'health', 'GET', 'auditor', true],
      ['GET /me', MeController, 'whoAmI', 'GET', 'science', true],
      ['GET /directory/people by the coordinator', DirectoryController, 'people', 'GET', 'coordinator', 403],
      ['POST /directory/unit-aliases by the coordinator', DirectoryController, 'mapUnitName', 'POST', 'coordinator', true],
      ['POST /assignments/:id/reports by the department', AssignmentsController, 'submit', 'POST', 'science', true],
      ['POST /assignments/:id/reports by the coordinator', AssignmentsController, 'submit', 'POST', 'coordinator', 403],
      ['POST /assignments/:id/reviews by the department', AssignmentsController, 'review', 'POST', 'science', 403],
      ['POST /assignments/:id/reviews by the coordinator', AssignmentsController, 'review', 'POST', 'coordinator', true],
      ['POST /assignments/:id/acknowledge by the auditor', AssignmentsController, 'acknowledge', 'POST', 'auditor', 403],
      ['GET /cycles/:id by the department', CyclesController, 'get', 'GET', 'science', true],
      ['POST /plans by the department', PlansController, 'create', 'POST', 'science', 403],
      ['GET /cycles/:id/assignments by the department', CyclesController, 'assignments', 'GET', 'science', true],
      ['POST /cycles/:id/evaluation by the department', CyclesController, 'runEvaluation', 'POST', 'science', 403],
      ['POST /cycles/:id/evaluation by the auditor', CyclesController, 'runEvaluation', 'POST', 'auditor', 403],
      ['GET /cycles/:id/evaluation by the auditor', CyclesController, 'evaluation', 'GET', 'auditor', true],
      ['GET /audit/cycles/:id by the department', AuditController, 'cycle', 'GET', 'science', 403],
      ['GET /audit/cycles/:id by the auditor', AuditController, 'cycle', 'GET', 'auditor', true],
      ['GET /audit/cycles/:id/verify by the department', AuditController, 'verify', 'GET', 'science', 403],
      ['GET /audit/cycles/:id/verify by the auditor', AuditController, 'verify', 'GET', 'auditor', true],
      ['GET /audit/cycles/:id/verify by the coordinator', AuditController, 'verify', 'GET', 'coordinator', true],
    ];

    it.each(cases)('%s', async (_name, controller, handler, method, caller, expected) => {
      const { context } = callTo(controller, handler, method, `Bearer ${tokens[caller]}`);
      if (expected === true) expect(await guard.canActivate(context)).toBe(true);
      else expect((await httpAnswerOf(() => guard.canActivate(context))).status).toBe(expected);
    });
  });
});
