#!/usr/bin/env node
// The `kairo` command. The CLI is TypeScript, run through tsx (a dependency of the package), so
// there is no build step: this starts Node with tsx's loader on src/cli/kairo.ts and passes the
// arguments and the exit status through.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
// Resolved from this package, so the command works from any working directory.
const tsxLoader = pathToFileURL(require.resolve('tsx')).href;
const cliEntry = fileURLToPath(new URL('../src/cli/kairo.ts', import.meta.url));

const child = spawn(process.execPath, ['--import', tsxLoader, cliEntry, ...process.argv.slice(2)], {
  stdio: 'inherit',
});
child.on('error', (error) => {
  process.stderr.write(`kairo: could not start Node: ${error.message}\n`);
  process.exit(1);
});
child.on('exit', (code, signal) => {
  if (signal) process.kill(process.pid, signal);
  else process.exit(code ?? 1);
});
