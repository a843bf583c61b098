import v8 from 'node:v8';
import { ConfigurationError, cycleTaskQueueOf, loadWorkerConfigOrThrow } from '@plancycle/config';
import { Repositories } from '@plancycle/persistence';
import { createPlancycleWorker } from './plancycle-worker';
import { createRulesPort, shippedRuleSets } from './rules/rules.adapter';

async function main(): Promise<void> {
  const env = loadWorkerConfigOrThrow();
  const repositories = Repositories.open({
    url: env.DATABASE_URL,
    poolSize: env.DATABASE_POOL_SIZE,
    preparedStatements: env.DATABASE_PREPARED_STATEMENTS,
  });
  const defaults = await shippedRuleSets(repositories.ruleSets, env.PLANCYCLE_RULES_DIR);
  const rules = createRulesPort({ store: repositories.ruleSets, defaults });
  // Stored now if the database answers, else when a rule set is first needed.
  defaults.ensure().then(
    (outcomes) => {
      for (const { ruleSetId, version, outcome } of outcomes) {
        if (outcome === 'loaded') console.log(`rule set ${ruleSetId}@${version} stored (shipped default)`);
        if (outcome === 'differs')
          console.warn(`rule set ${ruleSetId}@${version}: the store holds other content under this version; the store's is kept`);
      }
    },
    (error: unknown) =>
      console.warn(
        `shipped rule sets not stored yet (${error instanceof Error ? error.message : String(error)}); tried again when first needed`,
      ),
  );
  const worker = await createPlancycleWorker({ env, repositories, rules });
  // Worker installs its own SIGINT/SIGTERM handlers and drains before run() resolves.
  const heapMb = Math.round(v8.getHeapStatistics().heap_size_limit / 1024 / 1024);
  console.log(
    `plancycle worker polling "${env.TEMPORAL_TASK_QUEUE}" and "${cycleTaskQueueOf(env)}" at ${env.TEMPORAL_ADDRESS} (${env.TEMPORAL_NAMESPACE}); ` +
      `heap limit ${heapMb} MB, up to ${worker.cacheSize} workflows cached`,
  );
  await worker.run();
  await repositories.close();
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigurationError ? error.message : error);
  process.exit(1);
});
