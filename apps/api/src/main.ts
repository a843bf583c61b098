import cluster from 'node:cluster';
import { ConfigurationError, loadApiConfigOrThrow } from '@plancycle/config';
import { createApiApp } from './api-app';
import { API_PROCESS_NUMBER_VARIABLE, runApiProcesses } from './api-processes';

async function main(): Promise<void> {
  const config = loadApiConfigOrThrow();
  const processes = config.PLANCYCLE_API_PROCESSES;
  if (processes > 1 && cluster.isPrimary) {
    runApiProcesses({ count: processes, report: (message) => console.log(`plancycle api: ${message}`) });
    return;
  }
  const { app } = await createApiApp(config);
  await app.listen(config.PORT, config.HOST);
  const which = processes > 1 ? ` (process ${process.env[API_PROCESS_NUMBER_VARIABLE] ?? '?'} of ${processes})` : '';
  console.log(`plancycle api listening on http://${config.HOST}:${config.PORT}${which} (OpenAPI at /docs)`);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigurationError ? error.message : error);
  process.exit(1);
});
