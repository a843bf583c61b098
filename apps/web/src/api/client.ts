import createClient, { type Middleware } from 'openapi-fetch';
import { accessToken, signOutLocally } from '../auth/session';
import { ApiError } from './api-error';
import type { components, paths } from './schema';

/** Types of the API's answers, from the generated OpenAPI types (npm run web:api). */
export type Schemas = components['schemas'];
export type Me = Schemas['MeResponse'];
export type InboxItem = Schemas['InboxPageResponse']['items'][number];
export type AssignmentDetail = Schemas['AssignmentDetailResponse'];
export type Indicator = AssignmentDetail['indicators'][number];
export type Period = NonNullable<AssignmentDetail['status']>['periods'][number];
export type Report = AssignmentDetail['reports'][number];
export type SubmitReportBody = Schemas['SubmitReportRequestDto'];

const bearer: Middleware = {
  onRequest({ request }) {
    const token = accessToken();
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    return request;
  },
};

/** The typed client of the API of this origin (the API serves the console). */
export const api = createClient<paths>({ baseUrl: window.location.origin });
api.use(bearer);

/**
 * The data of an answer, or an ApiError in the API's terms. A 401 (expired or revoked
 * sign-in) ends the local session and sends the person to sign in again.
 */
export async function dataOrThrow<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<{ data: T; status: number }> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch (cause) {
    throw ApiError.network(cause);
  }
  if (!result.response.ok) {
    if (result.response.status === 401) signOutLocally({ returnTo: window.location.pathname + window.location.search });
    throw await ApiError.fromResponse(result.response, result.error);
  }
  return { data: result.data as T, status: result.response.status };
}
export type AssignmentHistory = Schemas['AssignmentHistoryResponse'];
export type TimelineStep = AssignmentHistory['timeline'][number];
export type Escalation = Schemas['EscalationPageResponse']['items'][number];
export type CycleHistory = Schemas['CycleHistoryResponse'];
export type RuleSetSummary = Schemas['RuleSetListResponse']['items'][number];
export type RuleSetVersion = Schemas['RuleSetVersionResponse'];
export type RuleSetDiff = Schemas['RuleSetDiffResponse'];
export type GoldenCaseRun = Schemas['GoldenCaseRunResponse'];
export type RuleSetSimulation = Schemas['RuleSetSimulationResponse'];
