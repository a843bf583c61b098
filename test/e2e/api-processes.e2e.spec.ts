import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { applyMigrations, createScratchDatabase, dropScratchDatabase, freePort, repositoryRoot } from '@plancycle/devstack';
import { eventually, testStack } from '../support/test-stack';

jest.setTimeout(240_000);

/**
 * PLANCYCLE_API_PROCESSES: the API as deployed (its main module, in a process of its own) with
 * two processes on one port, on a new database, with a first admin to make at boot.
 */
describe('the API in several processes on one port', () => {
  const adminUrl = (() => {
    const url = new URL(testStack().databaseUrl);
    url.pathname = '/postgres';
    return url.toString();
  })();
  const databaseName = `plancycle_processes_${randomUUID().slice(0, 8)}`;
  const adminEmail = `first-admin-${databaseName}@example.gov.cn`;
  let databaseUrl: string;
  let primary: ChildProcess | undefined;
  let output = '';

  beforeAll(async () => {
    databaseUrl = await createScratchDatabase(adminUrl, databaseName);
    await applyMigrations(databaseUrl);
  });

  afterAll(async () => {
    if (primary && primary.exitCode === null && primary.signalCode === null) {
      for (const pid of childrenOf(primary.pid as number)) process.kill(pid, 'SIGKILL');
      primary.kill('SIGKILL');
    }
    await dropScratchDatabase(adminUrl, databaseName);
  });

  it('serves from every process, makes the first admin once, starts a killed process again and stops them all on SIGTERM', async () => {
    const port = await freePort();
    primary = spawn(process.execPath, ['--import', 'tsx', path.join(repositoryRoot, 'apps', 'api', 'src', 'main.ts')], {
      cwd: repositoryRoot,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        DATABASE_POOL_SIZE: '2',
        TEMPORAL_ADDRESS: testStack().temporalAddress,
        PORT: String(port),
        HOST: '127.0.0.1',
        PLANCYCLE_API_PROCESSES: '2',
        PLANCYCLE_BOOTSTRAP_ADMIN_EMAIL: adminEmail,
        PLANCYCLE_API_DOCS: 'off',
        OIDC_ISSUER: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const started = primary;
    started.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    started.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => started.once('exit', (code) => resolve(code)));
    const listening = (number: number) => output.includes(`(process ${number} of 2)`);
    await eventually(
      async () => (started.exitCode !== null ? Promise.reject(new Error(output)) : listening(1) && listening(2)),
      180_000,
      `both API processes to listen\n${output}`,
    );
    const pids = childrenOf(started.pid as number);
    expect(pids).toHaveLength(2);

    // Both processes booted on an empty directory at once; one of them made the admin.
    const database = new Client({ connectionString: databaseUrl });
    await database.connect();
    try {
      const admins = await database.query(`SELECT "email" FROM "Person" WHERE "role" = 'admin'`);
      expect(admins.rows).toEqual([{ email: adminEmail }]);
      const changes = await database.query(`SELECT "action" FROM "DirectoryChange" WHERE "actorId" = 'system:bootstrap'`);
      expect(changes.rows).toEqual([{ action: 'person.created' }]);
    } finally {
      await database.end();
    }
    expect(output.match(/first admin created/g)).toHaveLength(1);
    // Neither process failed at boot (two first admins racing would: the e-mail is unique).
    expect(output).not.toMatch(/exited \(code/);

    // A process that dies is started again, and the other answers meanwhile: each in turn.
    for (const [number, pid] of pids.entries()) {
      const before = childrenOf(started.pid as number);
      process.kill(pid, 'SIGKILL');
      await eventually(
        async () => (output.match(/exited \(SIGKILL\); starting it again/g) ?? []).length === number + 1,
        30_000,
        'the primary to notice',
      );
      expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
      await eventually(
        async () => {
          const now = childrenOf(started.pid as number);
          return (
            now.length === 2 && !now.includes(pid) && (output.match(/listening on .* \(process \d of 2\)/g) ?? []).length === 3 + number
          );
        },
        120_000,
        `the process to listen again\n${output}`,
      );
      expect(before).toContain(pid);
    }

    const running = childrenOf(started.pid as number);
    started.kill('SIGTERM');
    await expect(exited).resolves.toBe(0);
    for (const pid of running) expect(isAlive(pid)).toBe(false);
  });
});

/** The pids of a process's children (Linux /proc). */
function childrenOf(pid: number): number[] {
  try {
    return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
