#!/usr/bin/env node
'use strict';
// Runs the Prisma CLI: `node scripts/prisma.js <prisma args…>` (npm run prisma -- …).
// Prisma's native schema engine is a binary downloaded from Prisma's own host; where it
// could not be downloaded, point the CLI at our WebAssembly bridge
// (tools/prisma-engine/schema-engine-bridge.js, see its README).
//   PRISMA_SCHEMA_ENGINE_BINARY=…          an engine chosen by the user is always kept
//   PLANCYCLE_NATIVE_PRISMA_ENGINE=1 | 0   force the native engine | force the bridge

const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const bridge = path.join(root, 'tools', 'prisma-engine', 'schema-engine-bridge.js');

// A native engine counts when its file is in @prisma/engines and answers --version.
function nativeEngineWorks() {
  let dir;
  try {
    dir = path.dirname(require.resolve('@prisma/engines/package.json', { paths: [root] }));
  } catch {
    return false;
  }
  const binary = fs.readdirSync(dir).find((f) => f.startsWith('schema-engine-') && !/\.(sha256|gz|sig)$/.test(f));
  if (!binary) return false;
  const r = spawnSync(path.join(dir, binary), ['--version'], { stdio: 'ignore', timeout: 10_000 });
  return r.status === 0;
}

const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY) {
  const choice = env.PLANCYCLE_NATIVE_PRISMA_ENGINE;
  const useNative = choice === '1' || (choice !== '0' && nativeEngineWorks());
  if (!useNative) env.PRISMA_SCHEMA_ENGINE_BINARY = bridge;
}

const cli = path.join(path.dirname(require.resolve('prisma/package.json', { paths: [root] })), 'build', 'index.js');
const child = spawn(process.execPath, [cli, ...process.argv.slice(2)], { stdio: 'inherit', env });
// Ctrl-C reaches the CLI too (same process group); let it decide how to stop.
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => {
  if (signal) {
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  } else process.exit(code ?? 1);
});
