import { ConfigurationError, loadWorkerConfigOrThrow } from '@plancycle/config';
import { Repositories } from '@plancycle/persistence';
import { createPlancycleWorker } from './plancycle-worker';
import { createRulesPort, loadShippedRuleSets } from './rules/rules.adapter';

async function main(): Promise<void> {
  const env = loadWorkerConfigOrThrow();
  const repositories = Repositories.open({ url: env.DATABASE_URL, poolSize: env.DATABASE_POOL_SIZE });
  for (const loaded of await loadShippedRuleSets(repositories.ruleSets, env.PLANCYCLE_RULES_DIR)) {
    if (loaded.outcome === 'loaded') console.log(`rule set ${loaded.ruleSetId}@${loaded.version} loaded into the store (shipped default)`);
    if (loaded.outcome === 'differs') {
      console.warn(`rule set ${loaded.ruleSetId}@${loaded.version}: the store holds other content under this version; the store's is kept`);
    }
  }
  const rules = createRulesPort(repositories.ruleSets);
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
