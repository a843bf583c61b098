#!/usr/bin/env node
// Runs the local mail catcher (libs/devstack/src/mail-catcher.ts, TypeScript) through tsx.
// Development only: it accepts any mail and delivers none. Variables: MAIL_CATCHER_SMTP_PORT
// (1025), MAIL_CATCHER_HTTP_PORT (8025, the mailbox page), MAIL_CATCHER_DIR (tmp/mail).
'use strict';
const path = require('node:path');

const root = path.resolve(__dirname, '..');
process.env.TSX_TSCONFIG_PATH = process.env.TSX_TSCONFIG_PATH || path.join(root, 'tsconfig.json');
require('tsx/cjs/api').register();
require(path.join(root, 'libs/devstack/src/mail-catcher.main.ts'));
