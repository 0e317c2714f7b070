#!/usr/bin/env node
// The h1compat executable: loads the TypeScript CLI (harness/cli.ts) through ts-node's transpile-only register.
'use strict';

if (!require.extensions['.ts']) require('ts-node/register/transpile-only');
require('../harness/cli.ts').cli(process.argv.slice(2));
