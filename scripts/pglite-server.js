#!/usr/bin/env node
'use strict';
// Embedded PostgreSQL for machines without a PostgreSQL server: PGlite (Postgres compiled
// to WebAssembly) served over the Postgres wire protocol by @electric-sql/pglite-socket,
// so pg, @prisma/adapter-pg and the Prisma CLI connect as to any server.
//
//   node scripts/pglite-server.js --data <dir|memory> --port <port> [--host 127.0.0.1]
//        [--max-connections 10] [--shadow-port <port> | --no-shadow]
//
// Prints `PGLITE_READY <url>` and `PGLITE_SHADOW_READY <url>` on stdout when listening.
// The shadow database (for `prisma migrate dev`) is a second, in-memory instance, on
// port+1 unless --shadow-port says otherwise; port 0 picks a free port.
// SIGINT/SIGTERM close the servers and the databases, leaving the data files consistent.

const fs = require('node:fs');
const path = require('node:path');
const { parseArgs } = require('node:util');
const { PGlite } = require('@electric-sql/pglite');
const { PGLiteSocketServer } = require('@electric-sql/pglite-socket');

const { values: opts } = parseArgs({
  options: {
    data: { type: 'string', default: 'memory' },
    port: { type: 'string', default: '5432' },
    host: { type: 'string', default: '127.0.0.1' },
    // PGlite runs one statement at a time; the socket server multiplexes clients on it
    // (its default of 1 connection would refuse a pg pool's second connection).
    'max-connections': { type: 'string', default: '10' },
    'shadow-port': { type: 'string' },
    'no-shadow': { type: 'boolean', default: false },
  },
});

const port = Number(opts.port);
const maxConnections = Number(opts['max-connections']);
const shadowPort = opts['shadow-port'] !== undefined ? Number(opts['shadow-port']) : port === 0 ? 0 : port + 1;

async function serve(dataDir, port) {
  const db = dataDir ? new PGlite(dataDir) : new PGlite();
  await db.waitReady;
  const server = new PGLiteSocketServer({ db, port, host: opts.host, maxConnections });
  await server.start();
  const [, actualPort] = server.getServerConn().match(/:(\d+)$/);
  // PGlite has one database, "postgres", and accepts the user without a password.
  const url = `postgres://postgres@${opts.host}:${actualPort}/postgres`;
  return { db, server, url };
}

async function main() {
  let dataDir = null; // in memory
  if (opts.data !== 'memory' && opts.data !== 'memory://') {
    dataDir = path.resolve(opts.data);
    fs.mkdirSync(dataDir, { recursive: true });
  }
  const instances = [];
  let stopping = false;
  const stop = async (code) => {
    if (stopping) return;
    stopping = true;
    for (const { server, db } of instances) {
      await server.stop().catch(() => {});
      // Closing PGlite flushes and shuts the backend down, so the data dir stays usable.
      await db.close().catch((e) => console.error('pglite close failed:', e));
    }
    process.exit(code);
  };
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));

  try {
    const main = await serve(dataDir, port);
    instances.push(main);
    console.log(`PGLITE_READY ${main.url}`);
    if (!opts['no-shadow']) {
      const shadow = await serve(null, shadowPort);
      instances.push(shadow);
      console.log(`PGLITE_SHADOW_READY ${shadow.url}`);
    }
  } catch (e) {
    console.error(`pglite-server: ${e.message}`);
    await stop(1);
  }
}

main();
