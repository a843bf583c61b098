#!/usr/bin/env node
// Runs the embedded identity provider (apps/identity, TypeScript) through tsx, with the
// repository's tsconfig so that @plancycle/* paths resolve. Development and tests only.
// Usage: DATABASE_URL=… node scripts/run-identity.js   (variables: apps/identity/README.md)
'use strict';
const path = require('node:path');

const root = path.resolve(__dirname, '..');
process.env.TSX_TSCONFIG_PATH = process.env.TSX_TSCONFIG_PATH || path.join(root, 'tsconfig.json');
require('tsx/cjs/api').register();
require(path.join(root, 'apps/identity/src/main.ts'));
