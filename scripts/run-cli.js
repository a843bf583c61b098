#!/usr/bin/env node
// Runs the plancycle CLI (apps/cli, TypeScript) through tsx, with the repository's tsconfig
// so that @plancycle/* paths resolve. Usage: npm run -s plancycle -- <command> [args]
'use strict';
const path = require('node:path');

const root = path.resolve(__dirname, '..');
process.env.TSX_TSCONFIG_PATH = process.env.TSX_TSCONFIG_PATH || path.join(root, 'tsconfig.json');
require('tsx/cjs/api').register();
require(path.join(root, 'apps/cli/src/main.ts'));
