import path from 'node:path';
import { DefaultLogger, bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';

/** Absolute path of the workflows entry point (source, or compiled JS under dist/). */
export function workflowsEntryPath(): string {
  const compiled = __filename.endsWith('.js') && __dirname.includes(`${path.sep}dist${path.sep}`);
  return compiled
    ? path.resolve(__dirname, '../../../workflows/src/index.js')
    : path.resolve(__dirname, '../../../workflows/src/index.ts');
}

/**
 * Bundles the workflow code. The bundler does not read tsconfig paths, so the one
 * alias workflows may use (the contracts library) is added to webpack here.
 */
export async function bundleWorkflows(): Promise<WorkflowBundleWithSourceMap> {
  const entry = workflowsEntryPath();
  const contracts = path.resolve(path.dirname(entry), '../../libs/contracts/src/index');
  return bundleWorkflowCode({
    workflowsPath: entry,
    logger: new DefaultLogger('WARN'),
    webpackConfigHook: (config) => {
      config.resolve = config.resolve ?? {};
      config.resolve.alias = { ...(config.resolve.alias as object), '@plancycle/contracts$': contracts };
      return config;
    },
  });
}
