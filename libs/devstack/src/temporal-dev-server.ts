import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { freePort, spawnManaged, waitForPort, type ManagedProcess } from './processes';
import { repositoryRoot } from './repository-root';

export interface TemporalDevServer extends ManagedProcess {
  address: string;
  uiUrl: string | null;
}

/** Finds or builds the Temporal CLI (scripts/ensure-temporal-cli.sh) and returns its path. */
export function ensureTemporalCli(): string {
  return execFileSync('bash', [path.join(repositoryRoot, 'scripts', 'ensure-temporal-cli.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
}

/**
 * `temporal server start-dev`: the real Temporal server with SQLite persistence. With
 * a database file, workflows survive a restart of the server.
 */
export async function startTemporalDevServer(params: {
  cliPath?: string;
  port?: number;
  uiPort?: number | null;
  dbFile?: string | null;
  logFile?: string | null;
  namespace?: string;
}): Promise<TemporalDevServer> {
  const cli = params.cliPath ?? ensureTemporalCli();
  const port = params.port ?? (await freePort());
  const uiPort = params.uiPort === null ? null : (params.uiPort ?? (await freePort()));
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--namespace',
    params.namespace ?? 'default',
    '--log-level',
    'warn',
    '--dynamic-config-value',
    'frontend.enableUpdateWorkflowExecution=true',
    '--dynamic-config-value',
    'frontend.enableUpdateWorkflowExecutionAsyncAccepted=true',
  ];
  if (uiPort === null) args.push('--headless');
  else args.push('--ui-port', String(uiPort));
  if (params.dbFile) args.push('--db-filename', params.dbFile);
  const managed = spawnManaged({ command: cli, args, logFile: params.logFile ?? null });
  await waitForPort({ host: '127.0.0.1', port, timeoutMs: 60_000, what: 'temporal dev server', child: managed.child });
  return { ...managed, address: `127.0.0.1:${port}`, uiUrl: uiPort === null ? null : `http://127.0.0.1:${uiPort}` };
}
