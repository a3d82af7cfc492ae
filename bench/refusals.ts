/**
 * `npx tsx bench/refusals.ts [--runs N] [--root DIR]`: how fast, and with how much memory, Kairo
 * refuses the hostile inputs of issue 14 — the 1.4 GiB decompression-bomb link (case 6) and the
 * 4.35e9-parameter model (case 7, in the analysis that `kairo check` and the editor run, and in
 * `kairo train`, which must stop before loading tfjs). Goal: under a second, under 200 MB above idle.
 *
 * Each measurement runs in a fresh Node process (cold, as on a page load or a CLI call): it loads
 * the modules, notes its resident memory (idle), then does the one thing and reports wall time,
 * CPU time (user + system: what the work costs, whatever else the machine is doing) and its peak
 * resident memory above idle (getrusage's maxrss). Medians and maxima over N runs are printed.
 *
 * --root DIR measures another checkout's code (e.g. `git worktree add /tmp/main-check main`), to
 * compare with the code before the fix in one run. `kairo train` is left out there: before the fix
 * it does not refuse, it allocates until the machine runs out.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

type CaseName = 'bomb-link' | 'huge-model-check' | 'huge-model-train';
const CASES: readonly CaseName[] = ['bomb-link', 'huge-model-check', 'huge-model-train'];

interface Sample {
  outcome: string;
  wallMs: number;
  cpuMs: number;
  peakAboveIdleMb: number;
}

const here = path.dirname(new URL(import.meta.url).pathname);

function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? undefined : process.argv[index + 1];
}

/** In the child: runs one case against the checkout at `root` and prints one JSON line. */
async function child(name: CaseName, root: string): Promise<void> {
  const load = (relative: string) => import(pathToFileURL(path.join(root, relative)).href);
  const hostile = await import('./hostileInputs');
  let operation: () => Promise<string> | string;
  if (name === 'bomb-link') {
    const { decodeSharePayload } = await load('src/graph/shareLink.ts');
    const payload = hostile.decompressionBombPayload();
    operation = () => {
      const result = decodeSharePayload(payload);
      return result.ok ? 'opened' : result.issues.map((issue: { code: string }) => issue.code).join(',');
    };
  } else if (name === 'huge-model-check') {
    const { analyzeGraph } = await load('src/graph/analyze.ts');
    const graph = hostile.hugeDenseGraph();
    operation = () => {
      const errors = analyzeGraph(graph).issues.filter((issue: { severity: string }) => issue.severity === 'error');
      return errors.length === 0 ? 'accepted' : errors.map((issue: { code: string }) => issue.code).join(',');
    };
  } else {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { runKairo } = await load('src/cli/kairo.ts');
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'kairo-refusal-')), 'huge.kairo.json');
    writeFileSync(file, JSON.stringify(hostile.hugeDenseGraph()));
    operation = async () => {
      const lines: string[] = [];
      const status = await runKairo(['train', file, '--backend', 'cpu'], { out: (line: string) => lines.push(line), err: (line: string) => lines.push(line) });
      const codes = [...new Set(lines.join('\n').match(/TOO_MANY_PARAMS|OVER_MEMORY_BUDGET/g) ?? [])];
      return `exit ${status} ${codes.join(',')}`;
    };
  }
  const idle = process.memoryUsage().rss;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const outcome = await operation();
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const peak = process.resourceUsage().maxRSS * 1024;
  const sample: Sample = { outcome, wallMs, cpuMs: (cpu.user + cpu.system) / 1000, peakAboveIdleMb: Math.max(0, peak - idle) / 1e6 };
  process.stdout.write(`${JSON.stringify(sample)}\n`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

async function main(): Promise<void> {
  const childCase = option('child') as CaseName | undefined;
  const root = path.resolve(option('root') ?? path.join(here, '..'));
  if (childCase) return child(childCase, root);

  const runs = Number(option('runs') ?? 5);
  const cases = option('root') ? CASES.filter((name) => name !== 'huge-model-train') : CASES;
  console.log(`code: ${root}; ${runs} fresh processes per case; times in ms, memory in MB above the process's idle RSS`);
  for (const name of cases) {
    const samples: Sample[] = [];
    for (let run = 0; run < runs; run++) {
      const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(here, 'refusals.ts'), '--child', name, '--root', root], {
        cwd: path.join(here, '..'),
        encoding: 'utf8',
        timeout: 120_000,
      });
      const line = result.stdout.trim().split('\n').at(-1) ?? '';
      if (result.status !== 0 || !line.startsWith('{')) {
        console.log(`${name}: run ${run + 1} failed (status ${result.status}, signal ${result.signal}): ${result.stderr.slice(-400)}`);
        continue;
      }
      samples.push(JSON.parse(line) as Sample);
    }
    if (samples.length === 0) continue;
    const pick = (key: 'wallMs' | 'cpuMs' | 'peakAboveIdleMb') => samples.map((sample) => sample[key]);
    const summary = (key: 'wallMs' | 'cpuMs' | 'peakAboveIdleMb') => `median ${median(pick(key)).toFixed(0)}, max ${Math.max(...pick(key)).toFixed(0)}`;
    console.log(
      `${name.padEnd(17)} ${[...new Set(samples.map((sample) => sample.outcome))].join(' | ')}\n` +
        `  wall ${summary('wallMs')} · cpu ${summary('cpuMs')} · peak above idle ${summary('peakAboveIdleMb')}`,
    );
  }
}

void main();
