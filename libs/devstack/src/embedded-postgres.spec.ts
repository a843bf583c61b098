import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres';

jest.setTimeout(60_000);

describe('embedded PostgreSQL (PGlite over the wire protocol)', () => {
  let pg: EmbeddedPostgres;
  let pools: Pool[] = [];
  // On files, as `npm run up` runs it: file I/O lets connections' messages interleave.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plancycle-pglite-'));

  beforeAll(async () => {
    pg = await startEmbeddedPostgres({ dataDir });
    pools = [1, 2, 3].map(() => new Pool({ connectionString: pg.url, max: 3 }));
  });

  afterAll(async () => {
    for (const pool of pools) await pool.end();
    await pg?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("answers each connection's parameterised queries with its own statement under concurrency", async () => {
    await (pools[0] as Pool).query('CREATE TABLE IF NOT EXISTS t_writes (n int, label text)');
    // Nine connections, each sending Parse/Bind/Execute/Sync on the unnamed statement at once.
    // Every seventh query fails mid-sequence, which makes the server skip to that connection's
    // Sync: other connections' messages must not be swallowed by that skip.
    const queries = Array.from({ length: 300 }, (_, i) => {
      const pool = pools[i % pools.length] as Pool;
      if (i % 7 === 3) {
        return pool.query('SELECT $1::int / 0 AS v', [i]).then(
          () => ({ i, v: 'no error', want: 'division by zero' }),
          (error: Error) => ({
            i,
            v: /division by zero/.test(error.message) ? 'division by zero' : error.message,
            want: 'division by zero',
          }),
        );
      }
      if (i % 5 === 1) {
        return pool
          .query<{ v: number }>('INSERT INTO t_writes (n, label) VALUES ($1, $2) RETURNING n AS v', [i, `row-${i}`])
          .then((r) => ({ i, v: r.rows[0]?.v, want: i }));
      }
      return i % 2 === 0
        ? pool.query<{ v: number }>('SELECT $1::int * 2 AS v', [i]).then((r) => ({ i, v: r.rows[0]?.v, want: i * 2 }))
        : pool.query<{ v: number }>('SELECT $1::int + $2::int AS v', [i, 1000]).then((r) => ({ i, v: r.rows[0]?.v, want: i + 1000 }));
    });
    const results = await Promise.all(
      queries.map((query) => query.catch((error: Error) => ({ i: -1, v: error.message, want: 'a result' }))),
    );
    expect(results.filter((r) => r.v !== r.want)).toEqual([]);
  });

  it('keeps serving after a failed query, and keeps transactions apart', async () => {
    const client = await (pools[0] as Pool).connect();
    await expect(client.query('SELECT $1::int / 0', [1])).rejects.toThrow(/division by zero/);
    await client.query('CREATE TABLE IF NOT EXISTS t_isolation (n int)');
    await client.query('BEGIN');
    await client.query('INSERT INTO t_isolation VALUES ($1)', [7]);
    // Another connection's query waits for the transaction and does not join it.
    const other = (pools[1] as Pool).query<{ c: string }>('SELECT count(*) AS c FROM t_isolation');
    await client.query('ROLLBACK');
    client.release();
    expect((await other).rows[0]?.c).toBe('0');
    expect((await (pools[2] as Pool).query<{ v: number }>('SELECT $1::int AS v', [5])).rows[0]?.v).toBe(5);
  });
});
