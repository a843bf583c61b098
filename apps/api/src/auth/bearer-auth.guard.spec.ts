import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ThrottlerStorageService } from '@nestjs/throttler';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import type { ApiConfig } from '@plancycle/config';
import { DomainError, type Actor } from '@plancycle/contracts';
import { AssignmentsController } from '../assignments/assignments.controller';
import { AuditController } from '../audit/audit.controller';
import { DomainExceptionFilter } from '../common/domain-exception.filter';
import { CyclesController } from '../cycles/cycles.controller';
import { HealthController } from '../health/health.controller';
import { AuthFailureLimiter } from './auth-failure-limiter';
import { AllowRoles, PublicEndpoint } from './auth.decorators';
import { BearerAuthGuard } from './bearer-auth.guard';

const tokens = {
  coordinator: 'coordinator-token-0001',
  science: 'dept-kgj-token-000001',
  auditor: 'auditor-token-0000001',
};

const config = {
  tokens: [
    { token: tokens.coordinator, id: 'kgj-coordinator', role: 'coordinator', unit: null, displayName: '工作专班办公室' },
    { token: tokens.science, id: 'dept-kgj', role: 'department', unit: '市科工局' },
    { token: tokens.auditor, id: 'auditor-jjjc', role: 'auditor', unit: null },
  ],
  PLANCYCLE_AUTH_FAILURES_PER_MINUTE: 1_000,
} as ApiConfig;

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
  return new BearerAuthGuard(new Reflector(), limited, new AuthFailureLimiter(storage, limited));
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
      ['an unknown token', 'not-a-configured-token-at-all'],
      ['a token of the same length differing in one character', `${tokens.coordinator.slice(0, -1)}2`],
      ['a prefix of a real token', tokens.coordinator.slice(0, 10)],
    ])('answers 401 "unknown token" for %s', async (_case, token) => {
      const { context } = callTo(ExampleController, 'coordinatorOnly', 'GET', `Bearer ${token}`);
      expect((await httpAnswerOf(() => guard.canActivate(context))).body.error).toMatchObject({
        code: 'UNAUTHENTICATED',
        message: 'unknown token',
      });
    });

    it('puts the caller on the request, with the id as display name when none is configured', async () => {
      const coordinatorCall = callTo(ExampleController, 'coordinatorOnly', 'POST', `Bearer ${tokens.coordinator}`);
      expect(await guard.canActivate(coordinatorCall.context)).toBe(true);
      expect(coordinatorCall.request.actor).toEqual({
        id: 'kgj-coordinator',
        role: 'coordinator',
        unit: null,
        displayName: '工作专班办公室',
      });
      const departmentCall = callTo(ExampleController, 'inheritsClassRoles', 'POST', `bearer   ${tokens.science}`);
      expect(await guard.canActivate(departmentCall.context)).toBe(true);
      expect(departmentCall.request.actor).toEqual({ id: 'dept-kgj', role: 'department', unit: '市科工局', displayName: 'dept-kgj' });
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
        const { context } = callTo(ExampleController, 'coordinatorOnly', 'GET', 'Bearer wrong-token-guess-000000', '198.51.100.7');
        expect((await httpAnswerOf(() => limitedGuard.canActivate(context))).status).toBe(401);
      }
      const blocked = callTo(ExampleController, 'coordinatorOnly', 'GET', 'Bearer wrong-token-guess-000000', '198.51.100.7');
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
      ['GET /me', HealthController, 'me', 'GET', 'science', true],
      ['POST /assignments/:id/reports by the department', AssignmentsController, 'submit', 'POST', 'science', true],
      ['POST /assignments/:id/reports by the coordinator', AssignmentsController, 'submit', 'POST', 'coordinator', 403],
      ['POST /assignments/:id/reviews by the department', AssignmentsController, 'review', 'POST', 'science', 403],
      ['POST /assignments/:id/reviews by the coordinator', AssignmentsController, 'review', 'POST', 'coordinator', true],
      ['POST /assignments/:id/acknowledge by the auditor', AssignmentsController, 'acknowledge', 'POST', 'auditor', 403],
      ['GET /cycles/:id by the department', CyclesController, 'get', 'GET', 'science', 403],
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
