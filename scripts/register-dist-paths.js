'use strict';
// Lets compiled code under dist/ resolve the @plancycle/* aliases of tsconfig.base.json
// (node -r ./scripts/register-dist-paths.js dist/apps/api/src/main.js).
const path = require('node:path');
const tsconfigPaths = require('tsconfig-paths');
const base = require('../tsconfig.base.json');

const paths = Object.fromEntries(
  Object.entries(base.compilerOptions.paths).map(([alias, targets]) => [alias, targets.map((t) => t.replace(/\.ts$/, ''))]),
);
tsconfigPaths.register({ baseUrl: path.resolve(__dirname, '..', 'dist'), paths });
