#!/usr/bin/env node
'use strict';
// Stand-in for Prisma's native schema-engine binary, which cannot be downloaded on
// machines without access to Prisma's binary host. The Prisma CLI starts it through
// PRISMA_SCHEMA_ENGINE_BINARY (scripts/prisma.js sets it) and talks JSON-RPC 2.0 over
// stdio; we answer with the same engine compiled to WebAssembly
// (@prisma/schema-engine-wasm), which reaches PostgreSQL through @prisma/adapter-pg.
// See README.md beside this file.
//
//   bridge --version
//   bridge --datasource '{"url":…}' cli can-connect-to-database|create-database|drop-database
//   bridge --datamodels <file> [--datamodels …] --datasource '{"url":…,"shadowDatabaseUrl":…}'

const fs = require('node:fs');
const path = require('node:path');
const readline = require('node:readline');
const { pathToFileURL } = require('node:url');
const { randomUUID } = require('node:crypto');
const pg = require('pg');
const { PrismaPg } = require('@prisma/adapter-pg');
const { bindMigrationAwareSqlAdapterFactory, ColumnTypeEnum } = require('@prisma/driver-adapter-utils');

// The package exports no package.json; find its folder through the glue module.
const WASM_DIR = path.dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg'));

// stdout carries JSON-RPC only: anything that logs goes to stderr.
console.log = console.info = console.debug = console.error;

// The CLI swallows our stderr; PRISMA_BRIDGE_LOG=<file> keeps a trace of the calls.
const trace = (...a) =>
  process.env.PRISMA_BRIDGE_LOG &&
  fs.appendFileSync(process.env.PRISMA_BRIDGE_LOG, `${new Date().toISOString()} [${process.pid}] ${a.join(' ')}\n`);

function parseArgs(argv) {
  const args = { datamodels: [], datasource: {}, cli: null, version: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--version' || a === '-V') args.version = true;
    else if (a === '--datamodels') args.datamodels.push(path.resolve(argv[++i]));
    else if (a === '--datasource') args.datasource = JSON.parse(argv[++i]);
    else if (a === 'cli') args.cli = argv[++i];
    else if (a === '--enabled-preview-features' || a === '--extension-types') i++; // not used by the WASM engine
  }
  return args;
}

// ---------------------------------------------------------------- database access

// The engine reads catalog columns of type "char" (pg_constraint.contype…) while it
// describes a schema, and adapter-pg has no conversion for that type (nor for name in
// some versions): convert such columns as text, then tell the engine which ones are
// "char", as it expects a Character value there (a Text one makes it panic).
const CHAR_OID = 18;
const NAME_OID = 19;
const TEXT_OID = 25;
function fixColumnTypes(queryable) {
  const { queryRaw, performIO } = queryable; // the adapter's own methods
  queryable.queryRaw = async function (query) {
    let isChar = [];
    const self = Object.create(this, {
      performIO: {
        value: async (q) => {
          const result = await performIO.call(this, q);
          isChar = result.fields.map((f) => f.dataTypeID === CHAR_OID);
          for (const f of result.fields) if (f.dataTypeID === CHAR_OID || f.dataTypeID === NAME_OID) f.dataTypeID = TEXT_OID;
          return result;
        },
      },
    });
    const result = await queryRaw.call(self, query);
    result.columnTypes = result.columnTypes.map((t, i) => (isChar[i] ? ColumnTypeEnum.Character : t));
    return result;
  };
  return queryable;
}

async function openAdapter(url) {
  const schema = new URL(url).searchParams.get('schema') ?? undefined; // Prisma's ?schema= parameter
  const adapter = fixColumnTypes(await new PrismaPg({ connectionString: url }, { schema }).connect());
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (...a) => fixColumnTypes(await startTransaction(...a));
  // adapter-pg splits scripts on ";", which breaks $$ bodies and makes a migration
  // non-atomic. One simple-protocol query runs the whole script as PostgreSQL would.
  adapter.executeScript = async (script) => {
    await adapter
      .underlyingDriver()
      .query(script)
      .catch((e) => adapter.onError(e));
  };
  return adapter;
}

// Run one statement on a short-lived connection (database-level commands, dbExecute).
async function withClient(url, fn) {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {}); // a dropped idle connection is not worth a crash
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

function withDatabase(url, database) {
  const u = new URL(url);
  u.pathname = '/' + encodeURIComponent(database);
  return u.toString();
}
const databaseName = (url) => decodeURIComponent(new URL(url).pathname.slice(1)) || 'postgres';
const quoteIdent = (name) => '"' + name.replace(/"/g, '""') + '"';

// The shadow database must start empty every time: a left-over schema from an earlier
// run makes the replay of the migrations fail or give a wrong diff.
async function wipeDatabase(url) {
  await withClient(url, async (c) => {
    const { rows } = await c.query(`SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'`);
    const drops = rows.map((r) => `DROP SCHEMA ${quoteIdent(r.nspname)} CASCADE;`).join('');
    await c.query(`${drops} CREATE SCHEMA public;`);
  });
}

// What the engine calls to reach the main and the shadow database.
function adapterFactory(datasource) {
  return bindMigrationAwareSqlAdapterFactory({
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',
    connect: () => openAdapter(datasource.url),
    async connectToShadowDb() {
      if (datasource.shadowDatabaseUrl) {
        await wipeDatabase(datasource.shadowDatabaseUrl);
        return openAdapter(datasource.shadowDatabaseUrl);
      }
      // No shadow URL: a throwaway database on the same server, as the native engine does.
      const name = `prisma_migrate_shadow_db_${randomUUID()}`;
      await withClient(datasource.url, (c) => c.query(`CREATE DATABASE ${quoteIdent(name)}`));
      const adapter = await openAdapter(withDatabase(datasource.url, name));
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        await dispose();
        await withClient(datasource.url, (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)}`));
      };
      return adapter;
    },
  });
}

// ---------------------------------------------------------------- errors

// The error codes the CLI acts on (P1003 makes `migrate dev` create the database).
function userFacingError(e, url) {
  const where = url ? `${new URL(url).hostname}:${new URL(url).port || 5432}` : 'the database server';
  const db = url ? databaseName(url) : '';
  if (e.code === '3D000') return { code: 'P1003', message: `Database \`${db}\` does not exist on the database server at \`${where}\`.` };
  if (e.code === '42P04') return { code: 'P1009', message: `Database \`${db}\` already exists on the database server at \`${where}\`` };
  if (e.code === '28P01' || e.code === '28000')
    return { code: 'P1000', message: `Authentication failed against database server at \`${where}\`: ${e.message}` };
  if (['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH', 'ECONNRESET'].includes(e.code))
    return {
      code: 'P1001',
      message: `Can't reach database server at \`${where}\`\n\nPlease make sure your database server is running at \`${where}\`.`,
    };
  return { code: undefined, message: e.message || String(e) };
}

// ---------------------------------------------------------------- one-shot commands

// `cli <command>`: exit code 0 or 1. On failure the CLI skips the first stderr line and
// parses the others as JSON log lines, looking for level ERROR with fields.error_code.
async function runCliCommand(command, datasource) {
  const url = datasource.url;
  trace('cli', command);
  try {
    if (command === 'can-connect-to-database') await withClient(url, (c) => c.query('SELECT 1'));
    else if (command === 'create-database')
      await withClient(withDatabase(url, 'postgres'), (c) => c.query(`CREATE DATABASE ${quoteIdent(databaseName(url))}`));
    else if (command === 'drop-database')
      await withClient(withDatabase(url, 'postgres'), (c) => c.query(`DROP DATABASE ${quoteIdent(databaseName(url))}`));
    else throw new Error(`Unknown cli command: ${command}`);
    return 0;
  } catch (e) {
    const { code, message } = userFacingError(e, url);
    trace('cli', command, 'failed:', code, message);
    const line = { level: 'ERROR', target: 'schema_engine::logger', fields: { message, ...(code && { error_code: code }) } };
    process.stderr.write(JSON.stringify({ level: 'INFO', fields: { message: 'schema-engine wasm bridge' } }) + '\n');
    process.stderr.write(JSON.stringify(line) + '\n');
    return 1;
  }
}

// ---------------------------------------------------------------- the WASM engine

async function loadWasmEngine() {
  // The panic hook of the WASM engine reports its message through this global.
  globalThis.PRISMA_WASM_PANIC_REGISTRY = {
    message: '',
    set_message(m) {
      this.message = m;
    },
  };
  const glue = await import(pathToFileURL(path.join(WASM_DIR, 'schema_engine_bg.js')).href);
  const module = new WebAssembly.Module(fs.readFileSync(path.join(WASM_DIR, 'schema_engine_bg.wasm')));
  const instance = new WebAssembly.Instance(module, { './schema_engine_bg.js': glue });
  glue.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  return glue.SchemaEngine;
}

const EMPTY_FILTERS = { externalTables: [], externalEnums: [] };

function emptyMigrationsList() {
  return {
    baseDir: process.cwd(),
    lockfile: { path: 'migration_lock.toml', content: null },
    shadowDbInitScript: '',
    migrationDirectories: [],
  };
}

function findMigrationsList(params) {
  if (params?.migrationsList) return params.migrationsList;
  for (const side of [params?.from, params?.to]) if (side?.tag === 'migrations') return side;
  return emptyMigrationsList();
}

// Long-running JSON-RPC mode: one engine for the whole CLI call, as the native engine.
function serve(args) {
  const send = (msg) => process.stdout.write(JSON.stringify({ jsonrpc: '2.0', ...msg }) + '\n');
  let enginePromise;
  const engine = () =>
    (enginePromise ??= (async () => {
      const SchemaEngine = await loadWasmEngine();
      const datamodels = args.datamodels.length ? args.datamodels.map((f) => [f, fs.readFileSync(f, 'utf8')]) : undefined;
      const log = (line) => process.stderr.write(String(line).trimEnd() + '\n');
      return SchemaEngine.new({ datamodels }, log, adapterFactory(args.datasource));
    })());

  // Requests the engine sends to the CLI (only `print`), waiting for the CLI's answer.
  let nextOwnId = 1_000_000;
  const pendingOwn = new Map();
  const requestCli = (method, params) =>
    new Promise((resolve) => {
      const id = nextOwnId++;
      pendingOwn.set(id, resolve);
      send({ id, method, params });
    });

  const url = () => args.datasource.url;
  const handlers = {
    // Database-level commands are not in the WASM engine (it only holds a connection).
    async createDatabase(p) {
      const target = p?.datasource?.url ?? url();
      await withClient(withDatabase(target, 'postgres'), (c) => c.query(`CREATE DATABASE ${quoteIdent(databaseName(target))}`));
      return { databaseName: databaseName(target) };
    },
    // Send the script as one query (see openAdapter) to whichever database it names.
    async dbExecute(p) {
      const target = p.datasourceType?.tag === 'url' ? p.datasourceType.url : url();
      await withClient(target, (c) => c.query(p.script));
      return {};
    },
    async getDatabaseVersion(p) {
      return (await engine()).version(p ?? undefined);
    },
    // The native engine prints diff output through the CLI rather than returning it.
    async diff(p) {
      const { stdout, ...result } = await callEngine('diff', p);
      if (stdout) await requestCli('print', { content: stdout.replace(/\n$/, '') });
      return result;
    },
  };

  async function callEngine(method, params) {
    const e = await engine();
    if (typeof e[method] !== 'function') throw Object.assign(new Error(`Unknown method ${method}`), { rpcCode: -32601 });
    try {
      return await e[method](params);
    } catch (err) {
      // On a cold engine the Postgres connector has not yet built its shadow database
      // factory; any call that reads the migration history does, then the retry works.
      if (!String(err?.message).includes('must be provided through an external factory')) throw err;
      trace(method, 'cold engine: warming up with diagnoseMigrationHistory');
      await e.diagnoseMigrationHistory({
        migrationsList: findMigrationsList(params),
        optInToShadowDatabase: true,
        filters: params?.filters ?? EMPTY_FILTERS,
      });
      return await e[method](params);
    }
  }

  function errorResponse(id, err) {
    if (err?.rpcCode) return send({ id, error: { code: err.rpcCode, message: err.message } });
    let message = err?.message ?? String(err);
    if (err?.name === 'RuntimeError' && globalThis.PRISMA_WASM_PANIC_REGISTRY?.message)
      message = `${globalThis.PRISMA_WASM_PANIC_REGISTRY.message}\n(${message})`;
    const pgError = err?.code && /^[0-9A-Z]{5}$|^E[A-Z]+$/.test(err.code) ? userFacingError(err, url()) : null;
    const errorCode = typeof err?.code === 'string' && /^P\d{4}$/.test(err.code) ? err.code : pgError?.code;
    // is_panic stays false even for a WASM panic: with true the CLI offers an
    // interactive error report instead of printing the message and failing.
    send({
      id,
      error: {
        code: 4466,
        message: 'An error happened. Check the data field for details.',
        data: { is_panic: false, message: pgError?.message ?? message, meta: err?.meta ?? {}, ...(errorCode && { error_code: errorCode }) },
      },
    });
  }

  // Requests are handled one after another, in arrival order.
  let queue = Promise.resolve();
  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  rl.on('line', (line) => {
    if (!line.trim()) return;
    let msg;
    try {
      msg = JSON.parse(line);
    } catch {
      return send({ id: null, error: { code: -32700, message: 'Parse error' } });
    }
    if (msg.method === undefined) {
      // The CLI's answer to one of our own requests.
      pendingOwn.get(msg.id)?.(msg.result);
      pendingOwn.delete(msg.id);
      return;
    }
    queue = queue.then(async () => {
      trace('->', msg.method);
      try {
        const handler = handlers[msg.method];
        const call = handler ? handler(msg.params) : callEngine(msg.method, msg.params);
        // A WASM panic inside a callback surfaces as an uncaught exception rather than as
        // a rejected call: fail the request in flight with it (see crash below).
        const result = await Promise.race([call, new Promise((_, reject) => (failRequestInFlight = reject))]);
        send({ id: msg.id, result: result ?? null });
      } catch (err) {
        trace('<- error', msg.method, err?.message);
        errorResponse(msg.id, err);
      } finally {
        failRequestInFlight = null;
      }
    });
  });
  // The CLI closes stdin when it is done; open pg pools must not keep us alive.
  rl.on('close', () => queue.then(() => process.exit(0)));
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.version) {
    // The package version is "<prisma version>-<n>.<engine commit>"; `prisma version` shows it.
    const { version } = JSON.parse(fs.readFileSync(path.join(WASM_DIR, 'package.json'), 'utf8'));
    process.stdout.write(`schema-engine-cli ${version.split('.').pop()} (wasm bridge)\n`);
    return;
  }
  if (args.cli) {
    process.exitCode = await runCliCommand(args.cli, args.datasource);
    return;
  }
  serve(args);
}

// If the engine process dies, the CLI exits 0 without a word: an unexpected error fails
// the request in flight instead. Otherwise it is logged as a JSON line (the CLI reads no
// other kind) and we exit.
let failRequestInFlight = null;
function crash(e) {
  if (failRequestInFlight) return failRequestInFlight(e);
  const panic = globalThis.PRISMA_WASM_PANIC_REGISTRY?.message;
  const message = panic ? `${panic}\n(${e?.message})` : String(e?.stack ?? e);
  trace('crash', message);
  process.stderr.write(JSON.stringify({ level: 'ERROR', fields: { message } }) + '\n');
  process.exit(1);
}
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);
main().catch(crash);
