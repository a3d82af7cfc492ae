/**
 * `kairo SUBCOMMAND …`: the command line. Each subcommand lives in its own file and is listed once
 * in COMMANDS. Exit status: 0 success, 1 the work failed (e.g. an invalid graph), 2 a wrong command line.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { safeOutput } from './terminalText';

/** Where a command writes its lines (the console, or a test's buffer). */
export interface CommandOutput {
  out(line: string): void;
  err(line: string): void;
}

export interface CliCommand {
  name: string;
  summary: string;
  /** Loads the command's module only when it runs, so `check` never pays for loading tfjs. */
  run(args: readonly string[], output: CommandOutput): Promise<number>;
}

// One entry per subcommand; each prints its own usage for `--help` or wrong arguments.
export const COMMANDS: readonly CliCommand[] = [
  {
    name: 'check',
    summary: 'validate graph files; print each node’s output shape and parameter count',
    run: async (args, output) => (await import('./check')).runCheckCommand(args, output),
  },
  {
    name: 'train',
    summary: 'train a graph file in Node (MNIST, a built-in table, or your data with --data); print each epoch and the test accuracy',
    run: async (args, output) => (await import('./train')).runTrainCommand(args, output),
  },
  {
    name: 'export',
    summary: 'write a graph as a Keras or PyTorch script or a Colab notebook (with a trained model’s weights)',
    run: async (args, output) => (await import('./export')).runExportCommand(args, output),
  },
];

export const consoleOutput: CommandOutput = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

function usage(): string[] {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  return [
    'usage: kairo COMMAND [ARGS…]',
    '',
    'Commands:',
    ...COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    'kairo COMMAND --help shows the options of a command.',
  ];
}

/**
 * Runs one command line; resolves to the exit status. Everything printed goes through one
 * terminal-safe printer (src/cli/terminalText.ts): a line never carries a control character.
 */
export async function runKairo(args: readonly string[], printer: CommandOutput = consoleOutput): Promise<number> {
  const output = safeOutput(printer);
  const [name, ...rest] = args;
  if (name === undefined) {
    for (const line of usage()) output.err(line);
    return 2;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    for (const line of usage()) output.out(line);
    return 0;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    output.err(`kairo: unknown command "${name}"`);
    for (const line of usage()) output.err(line);
    return 2;
  }
  try {
    return await command.run(rest, output);
  } catch (error) {
    const text = `kairo ${name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
    for (const line of text.split('\n')) output.err(line);
    return 1;
  }
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  runKairo(process.argv.slice(2)).then((status) => {
    process.exitCode = status;
  });
}
