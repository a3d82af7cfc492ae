/**
 * Small pieces every Python export is written with: literals, indentation, and sections (a script
 * is its sections joined; a notebook makes one cell of each). Pure.
 */

/** A part of a generated script with a heading: one notebook cell, one block of a script. */
export interface PythonSection {
  /** A short heading: a `# ---- … ----` line in a script, a markdown cell in a notebook. */
  title: string;
  code: string;
}

/** A JS value as a Python literal (numbers, strings, booleans, None, lists, dicts with string keys). */
export function py(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'float("nan")';
    if (!Number.isFinite(value)) return value > 0 ? 'float("inf")' : '-float("inf")';
    return String(value);
  }
  // JSON's escapes (\n, \", \\, \uXXXX) are Python's too.
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(py).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).map(([key, item]) => `${JSON.stringify(key)}: ${py(item)}`);
    return `{${entries.join(', ')}}`;
  }
  return JSON.stringify(String(value));
}

/** A Python tuple literal of numbers: (3, 3), or (3,) for one. */
export function pyTuple(values: readonly number[]): string {
  return values.length === 1 ? `(${values[0]},)` : `(${values.join(', ')})`;
}

/** Every line indented by `levels` × 4 spaces (empty lines stay empty). */
export function indent(code: string, levels = 1): string {
  const pad = '    '.repeat(levels);
  return code
    .split('\n')
    .map((line) => (line.trim() === '' ? '' : pad + line))
    .join('\n');
}

/** A dict literal written one entry per line (settings tables people read and edit). */
export function pyDictBlock(name: string, entries: readonly (readonly [string, unknown, string?])[]): string {
  const lines = entries.map(([key, value, comment]) => `    ${JSON.stringify(key)}: ${py(value)},${comment ? `  # ${comment}` : ''}`);
  return `${name} = {\n${lines.join('\n')}\n}`;
}

/** The sections as one script, each under its heading line. */
export function joinSections(header: string, sections: readonly PythonSection[]): string {
  const body = sections.map((section) => `# ---- ${section.title} ${'-'.repeat(Math.max(4, 90 - section.title.length))}\n\n${section.code.trim()}\n`);
  return `${header.trim()}\n\n${body.join('\n\n')}`;
}

/** A docstring-safe line: no triple quotes, no backslashes that would start an escape. */
export function docText(text: string): string {
  return text.replace(/\\/g, '/').replace(/"""/g, '"');
}
