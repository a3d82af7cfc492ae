/**
 * Text from a file (a title, a node type, a param name) printed to a terminal must not drive it:
 * ESC and the other control characters start sequences that clear the screen, set the window
 * title or write the clipboard, a carriage return or line break fakes a line, and bidi controls
 * reorder what is shown. `terminalSafe` writes each of them as a visible \uXXXX escape (the same
 * form JSON uses, so a JSON line stays JSON), and every line the CLI prints goes through it.
 */

/**
 * C0 controls but tab, DEL, C1 controls (U+009B is a one-character CSI), the line and paragraph
 * separators, and the bidi controls (LRM/RLM, ALM, embeddings/overrides, isolates).
 */
export function isTerminalUnsafe(code: number): boolean {
  return (
    (code <= 0x1f && code !== 0x09) ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x061c ||
    code === 0x200e ||
    code === 0x200f ||
    (code >= 0x2028 && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

/** The text with every character that could drive a terminal written as a visible escape. */
export function terminalSafe(text: string): string {
  let safe = '';
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    safe += isTerminalUnsafe(code) ? `\\u${code.toString(16).padStart(4, '0')}` : text[index];
  }
  return safe;
}

/** The printer with every line made terminal-safe (the one way the CLI prints). */
export function safeOutput<T extends { out(line: string): void; err(line: string): void }>(output: T): T {
  return { ...output, out: (line: string) => output.out(terminalSafe(line)), err: (line: string) => output.err(terminalSafe(line)) };
}
