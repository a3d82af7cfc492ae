import { type Issue, makeIssue } from './issues';

/** Keys that could reach an object's prototype if a later step ever assigned them blindly. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_DEPTH = 64;
const MAX_VALUES = 2_000_000;

/** Why the input is not plain JSON data, as the problem to report. */
export class PlainDataError extends Error {
  constructor(readonly issue: Issue) {
    super(issue.code);
  }
}

/**
 * A fresh copy of the input as plain JSON data: only own enumerable string keys, forbidden keys
 * dropped (with an IGNORED_KEY warning), no functions, symbols, cycles or absurd depth. Everything
 * after this step works on data the loader built itself. Throws PlainDataError.
 */
export function toPlainData(input: unknown, warnings: Issue[]): unknown {
  let count = 0;
  const copy = (value: unknown, path: string, depth: number): unknown => {
    count += 1;
    if (count > MAX_VALUES) throw new PlainDataError(makeIssue('FILE_TOO_LARGE', { variant: 'values' }));
    // -0 would not survive a save (JSON writes it as 0), so it is read as 0 from the start.
    if (typeof value === 'number') return value === 0 ? 0 : value;
    if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
    if (typeof value !== 'object') {
      throw new PlainDataError(makeIssue('INVALID_FILE', { variant: 'notData', vars: { path: path || '/', type: typeof value } }));
    }
    if (depth >= MAX_DEPTH) {
      throw new PlainDataError(makeIssue('INVALID_FILE', { variant: 'tooDeep', vars: { path, depth: MAX_DEPTH } }));
    }
    if (Array.isArray(value)) {
      const items: unknown[] = [];
      for (let index = 0; index < value.length; index++) {
        items.push(copy(value[index], `${path}[${index}]`, depth + 1));
      }
      return items;
    }
    const object: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const keyPath = path ? `${path}.${key}` : key;
      if (FORBIDDEN_KEYS.has(key)) {
        warnings.push(makeIssue('IGNORED_KEY', { vars: { key, path: keyPath } }));
        continue;
      }
      const item = (value as Record<string, unknown>)[key];
      if (item === undefined) continue;
      object[key] = copy(item, keyPath, depth + 1);
    }
    return object;
  };
  return copy(input, '', 0);
}
