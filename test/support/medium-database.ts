import fs from 'node:fs';
import path from 'node:path';
import { repositoryRoot } from '@plancycle/devstack';
import { Repositories } from '@plancycle/persistence';

/** The URL of the migrated database the medium tier's global setup started. */
export function mediumDatabaseUrl(): string {
  const file = process.env['PLANCYCLE_MEDIUM_DATABASE'] ?? path.join(repositoryRoot, 'tmp', 'medium-database.json');
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { url: string }).url;
}

export function openMediumRepositories(): Repositories {
  return Repositories.open({ url: mediumDatabaseUrl(), poolSize: 3 });
}
