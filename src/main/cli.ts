#!/usr/bin/env node
import { runCheckCommand } from './check/run-check-command.js';

const code = await runCheckCommand(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
}, process.env);
// The embedded authorization server's clients may keep sockets alive for a while: the verdict is final now.
process.stdout.write('', () => process.exit(code));
