#!/usr/bin/env node
'use strict';
// Embedded PostgreSQL for machines without a PostgreSQL server: PGlite (Postgres compiled
// to WebAssembly) served over the Postgres wire protocol by @electric-sql/pglite-socket,
// so pg, @prisma/adapter-pg and the Prisma CLI connect as to any server.
//
//   node scripts/pglite-server.js --data <dir|memory> --port <port> [--host 127.0.0.1]
//        [--max-connections 200] [--shadow-port <port> | --no-shadow]
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
    // (its default of 1 connection would refuse a pg pool's second connection). A
    // connection costs a socket and a handler, no backend, so the limit is generous: the
    // API's, the worker's and the CLI's pools together, or a test run's several stacks,
    // passed 10 and a refused connection surfaced as a 500 ("Too many connections").
    'max-connections': { type: 'string', default: '200' },
    'shadow-port': { type: 'string' },
    'no-shadow': { type: 'boolean', default: false },
  },
});

const port = Number(opts.port);
const maxConnections = Number(opts['max-connections']);
const shadowPort = opts['shadow-port'] !== undefined ? Number(opts['shadow-port']) : port === 0 ? 0 : port + 1;

/**
 * pglite-socket runs the messages of all connections through one queue, one message at a
 * time, and keeps a connection's messages together only inside an explicit transaction.
 * The pg driver sends every parameterised query as Parse/Bind/Describe/Execute … Sync on the
 * unnamed statement, so two connections' sequences could interleave: one's Bind then finds
 * the other's statement ("unnamed prepared statement does not exist", or worse, the wrong
 * one). This replaces the queue's scheduler with one that also keeps an extended-protocol
 * sequence together, from its first message up to its Sync.
 */
const EXTENDED_PROTOCOL = new Set(['P', 'B', 'D', 'E', 'C', 'H'].map((c) => c.charCodeAt(0)));
const SYNC = 'S'.charCodeAt(0);
function keepExtendedQueriesWhole(queue) {
  if (typeof queue?.processQueue !== 'function' || !Array.isArray(queue.queue)) {
    throw new Error('pglite-socket changed: its query queue cannot be made sequence-safe');
  }
  let openSequence = null; // handler id whose Parse…Sync sequence has begun
  queue.processQueue = async function processQueue() {
    if (this.processing || this.queue.length === 0) return;
    this.processing = true;
    try {
      while (this.queue.length > 0) {
        const pinned = openSequence ?? (this.db.isInTransaction() ? this.lastHandlerId : null);
        let item;
        if (pinned !== null && pinned !== undefined) {
          const index = this.queue.findIndex((queued) => queued.handlerId === pinned);
          if (index === -1) break; // wait for that connection's next message
          item = this.queue.splice(index, 1)[0];
        } else {
          item = this.queue.shift();
        }
        const type = item.message[0];
        if (EXTENDED_PROTOCOL.has(type)) openSequence = item.handlerId;
        else if (type === SYNC || openSequence === item.handlerId) openSequence = null;
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(item.message, {
              onRawData: (data) => {
                bytes += data.length;
                item.onData(data);
              },
            }),
          );
        } catch (error) {
          if (openSequence === item.handlerId) openSequence = null;
          item.reject(error);
          continue;
        }
        this.lastHandlerId = item.handlerId;
        item.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  };
  // A connection that goes away mid-sequence must not hold the queue.
  const clearQueueForHandler = queue.clearQueueForHandler.bind(queue);
  queue.clearQueueForHandler = (handlerId) => {
    if (openSequence === handlerId) openSequence = null;
    clearQueueForHandler(handlerId);
    void queue.processQueue();
  };
}

async function serve(dataDir, port) {
  const db = dataDir ? new PGlite(dataDir) : new PGlite();
  await db.waitReady;
  const server = new PGLiteSocketServer({ db, port, host: opts.host, maxConnections });
  keepExtendedQueriesWhole(server.queryQueue);
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
