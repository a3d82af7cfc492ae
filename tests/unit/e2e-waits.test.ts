import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Browser tests wait on states the app exposes; they never sleep and never retry (GUIDE.md). A
 * sleep passes or fails with the machine's speed, and a retry hides exactly that. This keeps new
 * specs to the rule.
 */
const root = path.resolve(import.meta.dirname, '../..');
const e2eDir = path.join(root, 'tests/e2e');

function e2eFiles(): string[] {
  return readdirSync(e2eDir, { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.[cm]?[jt]s$/.test(name))
    .map((name) => path.join(e2eDir, name));
}

describe('browser tests', () => {
  it('are found', () => {
    expect(e2eFiles().length).toBeGreaterThan(0);
  });

  it.each(e2eFiles().map((file) => [path.relative(root, file), file]))('%s neither sleeps nor retries', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    expect(text).not.toMatch(/waitForTimeout\s*\(/);
    expect(text).not.toMatch(/\bretries\b/);
  });

  it('are not retried by the Playwright config', () => {
    expect(readFileSync(path.join(root, 'playwright.config.ts'), 'utf8')).not.toMatch(/\bretries\b/);
  });
});
