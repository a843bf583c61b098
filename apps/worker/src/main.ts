import { ConfigurationError, loadWorkerConfigOrThrow } from '@plancycle/config';
import { Repositories } from '@plancycle/persistence';
import { createPlancycleWorker } from './plancycle-worker';
import { createRulesPort } from './rules/rules.adapter';

async function main(): Promise<void> {
  const env = loadWorkerConfigOrThrow();
  const repositories = Repositories.open({ url: env.DATABASE_URL, poolSize: env.DATABASE_POOL_SIZE });
  const rules = createRulesPort(env.PLANCYCLE_RULES_DIR);
  const worker = await createPlancycleWorker({ env, repositories, rules });
  // Worker installs its own SIGINT/SIGTERM handlers and drains before run() resolves.
  console.log(`plancycle worker polling "${env.TEMPORAL_TASK_QUEUE}" at ${env.TEMPORAL_ADDRESS} (${env.TEMPORAL_NAMESPACE})`);
  await worker.run();
  await repositories.close();
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigurationError ? error.message : error);
  process.exit(1);
});
