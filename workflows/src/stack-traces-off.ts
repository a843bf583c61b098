/**
 * Turns off the stack traces of workflow code: preloaded by the worker (libs/temporal's
 * bundleWorkflows) unless WORKER_WORKFLOW_STACK_TRACES is set.
 *
 * The Temporal SDK captures a stack trace for every promise a workflow creates (for the
 * `__stack_trace` query, the Temporal UI's "Stack Trace" tab), through a promise hook that
 * builds an Error, formats each frame and maps it through the bundle's source map. A report
 * creates about 40 promises in the workflow. Measured, that was about a fifth of the worker's
 * CPU per assignment on the report path, and a quarter of a replay's (docs/benchmarks.md,
 * "Workflow stack traces off"). With no frames captured, the hook has nothing to format or map.
 *
 * The price: while it is off, that query answers no frames and an error thrown by workflow
 * code carries its message without a stack. To debug a workflow, set
 * WORKER_WORKFLOW_STACK_TRACES=true and restart the worker (a failing workflow task is
 * retried, then with its stack). Nothing here reaches a history: stacks are not commands.
 *
 * Preloaded modules run before the SDK freezes the sandbox's globals, which is why this
 * works only from here; within a workflow `Error` is frozen.
 */
(Error as { stackTraceLimit: number }).stackTraceLimit = 0;

export {};
