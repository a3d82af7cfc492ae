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
const UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

/** The text with every character that could drive a terminal written as a visible escape. */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The printer with every line made terminal-safe (the one way the CLI prints). */
export function safeOutput<T extends { out(line: string): void; err(line: string): void }>(output: T): T {
  return { ...output, out: (line: string) => output.out(terminalSafe(line)), err: (line: string) => output.err(terminalSafe(line)) };
}
