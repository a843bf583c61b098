import { Client } from 'pg';
import { mediumDatabaseUrl } from '../../../test/support/medium-database';
import { keepsStatementsPerConnection, openDatabase } from './database';

jest.setTimeout(30_000);

async function until(check: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 100 && !check(); attempt += 1) await new Promise((resolve) => setTimeout(resolve, 50));
}

describe('prepared statements on the medium database', () => {
  it('are kept on PostgreSQL, not on PGlite, whose connections share one session; a query repeated runs prepared', async () => {
    const client = new Client({ connectionString: mediumDatabaseUrl() });
    await client.connect();
    const version = String((await client.query<{ version: string }>('SELECT version() AS version')).rows[0]?.version);
    await client.end();
    const isPGlite = version.includes('PGlite');

    const keeps = keepsStatementsPerConnection(mediumDatabaseUrl());
    expect(keeps()).toBe(false); // not known yet
    await until(keeps);
    expect(keeps()).toBe(!isPGlite);

    const database = openDatabase({ url: mediumDatabaseUrl(), poolSize: 1 });
    try {
      const ask = () => database.$queryRaw<{ n: number }[]>`SELECT ${41}::int + 1 AS n`;
      const preparedNames = async () =>
        (await database.$queryRaw<{ name: string }[]>`SELECT name FROM pg_prepared_statements WHERE name LIKE ${'plancycle_%'}`).map(
          (row) => row.name,
        );
      // Unnamed until the process knows the server; then prepared on the connection (one: its own).
      let prepared: string[] = [];
      for (let attempt = 0; attempt < 40 && prepared.length === 0; attempt += 1) {
        expect(await ask()).toEqual([{ n: 42 }]);
        prepared = await preparedNames();
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      if (isPGlite) expect(prepared).toEqual([]);
      else expect(prepared.length).toBeGreaterThanOrEqual(1);
    } finally {
      await database.$disconnect();
    }
  });
});
