import fs from 'node:fs';
import path from 'node:path';
import { DefaultLogger, bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';

/**
 * The workflows package's entry point, resolved like an import of it: through tsconfig
 * paths under tsx and jest, through scripts/register-dist-paths.js for the compiled code
 * under dist/. A moved or renamed package fails here, at the worker's start, not later.
 */
export function workflowsEntryPath(): string {
  return typeScriptSourceOf(require.resolve('@plancycle/workflows'));
}

/**
 * The TypeScript source of a module resolved under dist/, when the checkout has it. The
 * bundle is built from the sources even when the worker runs compiled: tsc's CommonJS output
 * (`__exportStar(require(…))`) hides from webpack which of the contracts' exports a workflow
 * uses, so every schema module was bundled and evaluated for each cached workflow (4.4 MB of
 * each one's heap, against 0.35 MB from the sources: docs/benchmarks.md, "Worker memory").
 */
export function typeScriptSourceOf(resolved: string): string {
  const match = /^(.*)[\\/]dist([\\/].*)\.js$/.exec(resolved);
  if (!match) return resolved;
  const source = `${match[1] ?? ''}${match[2] ?? ''}.ts`;
  return fs.existsSync(source) ? source : resolved;
}

/**
 * Bundles the workflow code. The bundler does not read tsconfig paths, so the one
 * alias workflows may use (the contracts library) is added to webpack here.
 *
 * `stackTraces` (WORKER_WORKFLOW_STACK_TRACES): whether workflow code keeps its stack
 * traces; off unless asked for, since the SDK captures one for every promise a workflow
 * creates (workflows/src/stack-traces-off.ts).
 */
export async function bundleWorkflows(options: { stackTraces?: boolean } = {}): Promise<WorkflowBundleWithSourceMap> {
  const entry = workflowsEntryPath();
  const workflowModule = (name: string) => path.join(path.dirname(entry), `${name}${path.extname(entry)}`);
  return bundleWorkflowCode({
    workflowsPath: entry,
    // Evaluated once per workflow thread, before the SDK freezes the sandbox, and shared by
    // its workflows: the update validators' schemas, built once (workflows/src/update-schemas.ts),
    // and unless asked for, no stack traces (workflows/src/stack-traces-off.ts).
    preloadModules: [workflowModule('update-schemas'), ...(options.stackTraces ? [] : [workflowModule('stack-traces-off')])],
    logger: new DefaultLogger('WARN'),
    webpackConfigHook: (config) => {
      config.resolve = config.resolve ?? {};
      config.resolve.alias = {
        ...(config.resolve.alias as object),
        '@plancycle/contracts$': typeScriptSourceOf(require.resolve('@plancycle/contracts')),
      };
      // Each workflow evaluates the bundle's modules afresh (the SDK keeps module state per
      // workflow), so the contracts' barrel must not pull in every schema (plan documents,
      // evaluation results, the directory: zod objects by the thousand per workflow). Its
      // modules have no side effects: webpack leaves out those no workflow uses (issue 12).
      config.optimization = { ...config.optimization, sideEffects: true, providedExports: true, usedExports: true };
      config.module = config.module ?? {};
      config.module.rules = [...(config.module.rules ?? []), { test: /[\\/]libs[\\/]contracts[\\/]src[\\/]/, sideEffects: false }];
      return config;
    },
  });
}
