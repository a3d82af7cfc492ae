import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  applyTrainLine,
  COURSE_BARS,
  formatDuration,
  parseReproduceArguments,
  type RunRecord,
  readRecords,
  renderReport,
  saveRecord,
  verdict,
} from '../../scripts/reproduce';

function record(overrides: Partial<RunRecord> = {}): RunRecord {
  return {
    preset: 'mnist-logreg',
    status: 'running',
    backend: null,
    epochsPlanned: null,
    trainCount: null,
    testCount: null,
    epochs: [],
    testAccuracy: null,
    wallSeconds: 0,
    startedAt: '2026-01-01T00:00:00.000Z',
    machine: { cpu: 'Test CPU', cores: 2, memoryGiB: 8, platform: 'linux', node: 'v20' },
    ...overrides,
  };
}

/** Feeds `kairo train --json` lines as the script reads them. */
function fed(lines: object[], base: RunRecord = record()): RunRecord {
  for (const line of lines) applyTrainLine(base, line);
  return base;
}

const start = { type: 'start', backend: 'wasm', epochs: 12, trainCount: 60000, testCount: 10000 };
const epoch = (n: number, valAccuracy: number, seconds = 600) => ({
  type: 'epoch',
  epoch: n,
  epochs: 12,
  loss: 0.1,
  accuracy: 0.97,
  valAccuracy,
  seconds,
  samplesPerSecond: 100,
});

describe('the reproduction report', () => {
  it('a completed run passes or fails against its bar on the test accuracy', () => {
    const passed = fed([start, epoch(1, 0.92), { type: 'test', accuracy: 0.9235, count: 10000, backend: 'wasm' }]);
    expect(passed.status).toBe('completed');
    expect(verdict(passed, 0.915)).toContain('pass');
    const failed = fed([start, epoch(1, 0.9), { type: 'test', accuracy: 0.9101, count: 10000 }]);
    expect(verdict(failed, 0.915)).toContain('FAIL');
  });

  it('a run that did not finish shows time per epoch and the accuracy so far, marked as such', () => {
    const partial = fed([start, epoch(1, 0.981, 3000), epoch(2, 0.986, 3200)], record({ preset: 'mnist-cnn' }));
    partial.status = 'stopped';
    partial.note = 'time budget of 120 min reached';
    partial.wallSeconds = 6300;
    const text = verdict(partial, 0.991);
    expect(text).toContain('did not finish');
    expect(text).toContain('51 min 40 s/epoch');
    expect(text).toContain('0.9860 after epoch 2');
    expect(text).toContain('full run ≈ 10 h 20 min');
    const report = renderReport({ 'mnist-cnn': partial });
    expect(report).toContain('| mnist-cnn |');
    expect(report).toContain('2/12');
    expect(report).toContain('0.9860 *(so far)*');
    expect(report).not.toMatch(/mnist-cnn[^\n]*\*\*pass\*\*/);
  });

  it('names the machine, the date and every course preset, run or not', () => {
    const report = renderReport({ 'mnist-logreg': fed([start, { type: 'test', accuracy: 0.92, count: 10000 }]) });
    expect(report).toContain('Test CPU, 2 cores');
    expect(report).toContain('2026-01-01');
    for (const bar of COURSE_BARS) expect(report).toContain(`| ${bar.preset} |`);
    expect(report).toContain('*not run yet*');
  });

  it('a failed kairo train is reported with its message', () => {
    const failed = fed([{ type: 'failed', message: 'The loss became NaN at epoch 1, batch 3' }]);
    expect(failed.status).toBe('failed');
    expect(verdict(failed, 0.9)).toContain('NaN');
  });

  it('formats durations the way a reader scans them', () => {
    expect(formatDuration(48.4)).toBe('48 s');
    expect(formatDuration(192)).toBe('3 min 12 s');
    expect(formatDuration(7500)).toBe('2 h 05 min');
  });

  it('reads preset names in any of their spellings and refuses unknown ones', () => {
    const parsed = parseReproduceArguments(['svm', 'presets/mnist-cnn.json', 'mnist-logreg', '--max-minutes', '30']);
    expect(parsed).toEqual({ presets: ['mnist-svm', 'mnist-cnn', 'mnist-logreg'], backend: 'wasm', maxMinutes: 30 });
    expect(parseReproduceArguments(['mnist-nothing'])).toContain('no preset');
    expect(parseReproduceArguments(['--max-minutes', '0'])).toContain('--max-minutes');
    const all = parseReproduceArguments([]);
    expect(typeof all === 'string' ? all : all.presets).toEqual(COURSE_BARS.map((bar) => bar.preset));
  });

  it('a restarted run does not hide what an earlier run reached until it gets further', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kairo-reproduce-'));
    const files = [path.join(dir, 'records.json'), path.join(dir, 'REPORT.md')] as const;
    const earlier = fed([start, epoch(1, 0.9785), epoch(2, 0.9861)], record({ preset: 'mnist-cnn', startedAt: 'run-1' }));
    earlier.status = 'stopped';
    saveRecord(earlier, ...files);

    const newer = fed([start], record({ preset: 'mnist-cnn', startedAt: 'run-2' }));
    saveRecord(newer, ...files);
    let report = readFileSync(files[1], 'utf8');
    expect(report).toContain('0.9861 *(so far)*');
    expect(report).toContain('a newer run, started run-2, has finished 0 epoch(s)');
    expect(readRecords(files[0])['mnist-cnn']?.previous?.startedAt).toBe('run-1');

    for (const [n, accuracy] of [[1, 0.98], [2, 0.987], [3, 0.989]] as const) {
      applyTrainLine(newer, epoch(n, accuracy));
      saveRecord(newer, ...files);
    }
    report = readFileSync(files[1], 'utf8');
    expect(report).toContain('0.9890 *(so far)*');
    expect(report).not.toContain('a newer run');
    expect(readRecords(files[0])['mnist-cnn']?.previous).toBeUndefined();
  });
});
