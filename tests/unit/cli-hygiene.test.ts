import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runKairo } from '../../src/cli/kairo';
import { isTerminalUnsafe, terminalSafe } from '../../src/cli/terminalText';

/**
 * Issue 14, case 12: the CLI printed file-controlled text raw, so a graph file could clear the
 * screen, set the window title or write the clipboard (OSC 52) of whoever ran `kairo check` on it,
 * and reorder what they read with bidi overrides.
 */

const ROOT = join(__dirname, '../..');
const ESC = '\u001b';
/** The characters of a line that may not reach a terminal from a file (none, when it is safe). */
function unsafeIn(line: string): string[] {
  return [...line].filter((character) => isTerminalUnsafe(character.charCodeAt(0)));
}

/** Two files: one that loads, with a hostile title; one with a hostile node type and param name. */
function hostileFiles(): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'kairo-hostile-'));
  const titled = JSON.parse(readFileSync(join(ROOT, 'presets/mnist-logreg.json'), 'utf8'));
  titled.meta.title.en = `${ESC}]0;pwned\u0007${ESC}[2J${ESC}]52;c;ZWNobyBoaQ==\u0007 evil\u202etxt.exe\r\n  OK: no problems. \u009b31m`;
  const typed = JSON.parse(readFileSync(join(ROOT, 'presets/mnist-logreg.json'), 'utf8'));
  typed.nodes.push({ id: 'odd', type: `dense${ESC}[31m\u2066`, version: 1, params: {}, position: { x: 0, y: 0 } });
  typed.nodes[2].params[`units${ESC}[8m\u202e`] = 3;
  return [titled, typed].map((graph, index) => {
    const file = join(dir, `hostile-${index}.kairo.json`);
    writeFileSync(file, JSON.stringify(graph));
    return file;
  });
}

async function kairo(...args: string[]) {
  const lines: string[] = [];
  const status = await runKairo(args, { out: (line) => lines.push(line), err: (line) => lines.push(line) });
  return { status, lines };
}

describe('CLI hygiene (case 12)', () => {
  it('writes control characters and bidi controls as visible escapes', () => {
    expect(terminalSafe(`a${ESC}[2Jb\u202ec\nd\te`)).toBe('a\\u001b[2Jb\\u202ec\\u000ad\te');
    expect(terminalSafe('回路 — dense ✓')).toBe('回路 — dense ✓');
    expect(terminalSafe(terminalSafe(`${ESC}x`))).toBe(terminalSafe(`${ESC}x`));
  });

  it('kairo check prints a hostile file’s title, node types and param names escaped, in text and in JSON', async () => {
    const [titled = '', typed = ''] = hostileFiles();
    for (const args of [['check', titled, typed], ['check', '--lang', 'ja', titled, typed], ['train', typed, '--backend', 'cpu']]) {
      const { status, lines } = await kairo(...args);
      expect(status).toBe(1);
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) expect(unsafeIn(line), `${args[0]}: ${JSON.stringify(line)}`).toEqual([]);
      expect(lines.join('\n')).toContain('\\u001b');
    }
    // The title is printed (escaped) where check names the file.
    const { lines } = await kairo('check', titled);
    expect(lines[0]).toContain('\\u001b]0;pwned\\u0007');
    expect(lines[0]).toContain('\\u202etxt.exe\\u000d\\u000a');
    const json = await kairo('check', '--json', titled, typed);
    for (const line of json.lines) expect(unsafeIn(line)).toEqual([]);
    // Escaped the JSON way, the output is still the same JSON.
    const parsed = JSON.parse(json.lines.join('\n'));
    expect(JSON.stringify(parsed)).toContain('UNKNOWN_NODE_TYPE');
  });
});
