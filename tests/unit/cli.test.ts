import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runKairo } from '../../src/cli/kairo';

const ROOT = join(__dirname, '../..');
const BROKEN = join(__dirname, 'fixtures/broken');

async function kairo(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const status = await runKairo(args, { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { status, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('kairo check', () => {
  it('prints every layer of the CNN preset with its shape and params, and the Keras total', async () => {
    const { status, stdout } = await kairo('check', join(ROOT, 'presets/mnist-cnn.json'));
    expect(status).toBe(0);
    expect(stdout).toContain('Total params: 1,199,882');
    expect(stdout).toMatch(/conv2\s+conv2d\s+\[batch, 24, 24, 64\]\s+18,496/);
    expect(stdout).toMatch(/dense1\s+dense\s+\[batch, 128\]\s+1,179,776/);
    expect(stdout).toMatch(/images \[batch, 28, 28, 1\]/);
    expect(stdout).toContain('OK: no problems.');
  });

  it('prints 669,706 for the MLP preset', async () => {
    const { status, stdout } = await kairo('check', join(ROOT, 'presets/mnist-mlp.json'));
    expect(status).toBe(0);
    expect(stdout).toContain('Total params: 669,706');
  });

  it('exits 1 and names the code for a broken file, and still checks the others', async () => {
    const { status, stdout } = await kairo(
      'check',
      join(ROOT, 'presets/mnist-logreg.json'),
      join(BROKEN, 'UNKNOWN_PARAM.dense-unit-typo.json'),
    );
    expect(status).toBe(1);
    expect(stdout).toContain('Total params: 7,850');
    expect(stdout).toMatch(/error\s+UNKNOWN_PARAM\s+\[node dense, param unit\]/);
  });

  it('exits 1 for a file that is not JSON, saying where it breaks', async () => {
    const { status, stdout } = await kairo('check', join(BROKEN, 'NOT_JSON.truncated.json'));
    expect(status).toBe(1);
    expect(stdout).toMatch(/NOT_JSON .*line \d+, column \d+/);
  });

  it('a warning alone does not fail the check', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kairo-check-'));
    const file = join(dir, 'unused.json');
    const graph = JSON.parse(readFileSync(join(ROOT, 'presets/mnist-logreg.json'), 'utf8'));
    graph.nodes.push({ id: 'spare', type: 'dense', version: 1, params: {}, position: { x: 0, y: 400 } });
    graph.edges.push({ id: 'spare-in', source: 'flatten', sourcePort: 'out', target: 'spare', targetPort: 'in' });
    writeFileSync(file, JSON.stringify(graph));
    const { status, stdout } = await kairo('check', file);
    expect(status).toBe(0);
    expect(stdout).toMatch(/warning\s+UNUSED_NODE\s+\[node spare\]/);
  });

  it('--json gives the totals and issues as data', async () => {
    const { status, stdout } = await kairo('check', '--json', join(ROOT, 'presets/mnist-mlp.json'), join(BROKEN, 'CYCLE.through-add.json'));
    expect(status).toBe(1);
    const [mlp, cycle] = JSON.parse(stdout);
    expect(mlp).toMatchObject({ valid: true, totalParams: 669_706, issues: [] });
    expect(mlp.nodes.dense1).toEqual({ outputs: { out: [null, 512] }, params: 401_920 });
    expect(cycle.valid).toBe(false);
    expect(cycle.issues[0].code).toBe('CYCLE');
  });

  it('exits 1 for a file that cannot be read', async () => {
    const { status, stdout } = await kairo('check', '--json', join(ROOT, 'no-such-file.json'));
    expect(status).toBe(1);
    expect(JSON.parse(stdout)[0].issues).toEqual([expect.objectContaining({ code: 'INVALID_FILE', variant: 'unreadable' })]);
  });

  it.each([[[]], [['check']], [['check', '--frobnicate', 'x.json']], [['train-a-dragon']]])(
    'exits 2 with a usage message for %j',
    async (args) => {
      const { status, stderr } = await kairo(...args);
      expect(status).toBe(2);
      expect(stderr).toContain('usage: kairo');
    },
  );
});

describe('the kairo command', () => {
  it('runs through bin/kairo.mjs from another directory, with the exit status passed through', () => {
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [join(ROOT, 'bin/kairo.mjs'), ...args], { cwd: tmpdir(), encoding: 'utf8', timeout: 60_000 });
    const ok = run('check', join(ROOT, 'presets/mnist-cnn.json'));
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('Total params: 1,199,882');
    const broken = run('check', join(BROKEN, 'VERSION_TOO_NEW.version-2.json'));
    expect(broken.status).toBe(1);
    expect(broken.stdout).toContain('VERSION_TOO_NEW');
    expect(run().status).toBe(2);
  });
});

describe('kairo check and kairo train report the same problems', () => {
  const fixtures = readdirSync(BROKEN).filter((file) => file.endsWith('.json'));
  const codesOf = (issues: { code: string }[]) => issues.map((issue) => issue.code);

  it.each(fixtures)('%s', async (file) => {
    const check = await kairo('check', '--json', join(BROKEN, file));
    expect(check.status).toBe(1);
    const [checked] = JSON.parse(check.stdout) as { issues: { code: string }[] }[];
    // An invalid graph stops before the backend and MNIST are loaded, so this is fast.
    const train = await kairo('train', join(BROKEN, file), '--json', '--backend', 'cpu');
    expect(train.status).toBe(1);
    const records = train.stdout.split('\n').map((line) => JSON.parse(line) as { type: string; issues: { code: string }[] });
    expect(records.map((record) => record.type)).toEqual(['failed']);
    expect(codesOf(records[0]?.issues ?? [])).toEqual(codesOf(checked?.issues ?? []));
    expect(codesOf(checked?.issues ?? [])).toContain(file.split('.')[0]);
  });

  it('--lang ja writes every problem in Japanese, in both commands', async () => {
    for (const file of fixtures) {
      const check = await kairo('check', '--lang', 'ja', join(BROKEN, file));
      const train = await kairo('train', join(BROKEN, file), '--lang=ja', '--backend', 'cpu');
      const problemLines = [...check.stdout.split('\n'), ...train.stderr.split('\n')].filter((line) => /^\s+(エラー|警告)\s/.test(line));
      expect(problemLines.length, file).toBeGreaterThanOrEqual(2);
      for (const line of problemLines) {
        // After the severity and the code comes the sentence: Japanese, with every value filled in.
        expect(line, file).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
        expect(line, file).not.toMatch(/\{\w+\}/);
      }
    }
  });
});
