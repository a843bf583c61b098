import { z } from 'zod';
import { newCalendarSpecSchema, newReportSubmissionSchema, newReviewDecisionSchema } from '@plancycle/contracts';

/**
 * The schemas the update validators parse with, each built once per workflow thread.
 *
 * The worker preloads this module (`preloadModules` in libs/temporal's bundleWorkflows): it
 * is evaluated once, before any workflow exists, and shared by every workflow of the reusable
 * V8 context, with zod and the contracts' schema factories it imports. A workflow that
 * builds a schema itself builds it per update (4–5 ms of the workflow thread for a report:
 * docs/benchmarks.md, "Update schemas built once"); module state of an ordinary workflow
 * module would keep one copy per cached workflow. The memos below are the only state here,
 * and they hold what every workflow would build alike, so sharing them leaks nothing between
 * workflows. Validators do not run on replay, so none of this reaches a history.
 *
 * Outside a preloading worker (a bundle without the option) the module is per workflow and
 * the memo lasts as long as the workflow is cached: slower, still correct.
 */

// The SDK freezes preloaded modules once they are loaded. zod's JIT keeps a lazily computed
// "may I eval" flag in one of its modules, which cannot be computed once frozen; jitless
// parsing never asks for it, and was also the faster of the two for these small schemas.
z.config({ jitless: true });

let reportSubmission: ReturnType<typeof newReportSubmissionSchema> | undefined;
let reviewDecision: ReturnType<typeof newReviewDecisionSchema> | undefined;
let calendarSpec: ReturnType<typeof newCalendarSpecSchema> | undefined;

export function reportSubmissionSchema(): ReturnType<typeof newReportSubmissionSchema> {
  return (reportSubmission ??= newReportSubmissionSchema());
}

export function reviewDecisionSchema(): ReturnType<typeof newReviewDecisionSchema> {
  return (reviewDecision ??= newReviewDecisionSchema());
}

export function calendarSpecSchema(): ReturnType<typeof newCalendarSpecSchema> {
  return (calendarSpec ??= newCalendarSpecSchema());
}
