import { ConfigurationError, loadApiConfigOrThrow } from '@plancycle/config';
import { createApiApp } from './api-app';

async function main(): Promise<void> {
  const config = loadApiConfigOrThrow();
  const { app } = await createApiApp(config);
  await app.listen(config.PORT, config.HOST);
  console.log(`plancycle api listening on http://${config.HOST}:${config.PORT} (OpenAPI at /docs)`);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigurationError ? error.message : error);
  process.exit(1);
});
