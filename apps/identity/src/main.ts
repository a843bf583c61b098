import { loadIdentityConfigOrThrow } from './identity-config';
import { createProvider } from './identity-provider';
import { createIdentityServer } from './identity-server';
import { loadOrCreateProviderKeys } from './key-store';
import { PeopleDirectory } from './people-directory';

/** The embedded development identity provider (apps/identity/README.md). */
async function main(): Promise<void> {
  const config = loadIdentityConfigOrThrow(process.env);
  const keys = loadOrCreateProviderKeys(config.dataDir);
  const people = PeopleDirectory.open(config.databaseUrl);
  const provider = createProvider({ config, keys, people });
  const server = createIdentityServer({ config, provider, people });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, resolve);
  });
  console.log(`[identity] issuer ${config.issuer} (listening on ${config.host}:${config.port}, keys in ${config.dataDir})`);

  const stop = () => {
    server.close();
    server.closeAllConnections();
    void people.close().finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
