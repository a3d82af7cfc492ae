/**
 * The JSON error locator: where a text stops being JSON, as line and column, for every engine alike.
 */

/** What the scanner wanted at the place where the text breaks (a phrase of the issue dictionary: `phrase.json.*`). */
export type JsonExpectation =
  | 'closingQuote'
  | 'controlInString'
  | 'hexDigits'
  | 'escape'
  | 'number'
  | 'end'
  | 'more'
  | 'value'
  | 'key'
  | 'colon'
  | 'commaOrBrace'
  | 'commaOrBracket';

export interface JsonErrorPlace {
  offset: number;
  expected: JsonExpectation;
}

/**
 * Where JSON text goes wrong, found by a small scanner. Engines word (and sometimes omit) the
 * position in JSON.parse's message differently; this gives every user a line and column.
 */
export function locateJsonError(text: string): JsonErrorPlace | undefined {
  let pos = 0;
  const stack: string[] = [];
  type Expect = 'value' | 'valueOrEnd' | 'keyOrEnd' | 'key' | 'colon' | 'commaOrEndObject' | 'commaOrEndArray' | 'end';
  let expect: Expect = 'value';
  const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r';
  const skipSpace = () => {
    while (isSpace(text[pos])) pos++;
  };
  const fail = (expected: JsonExpectation): JsonErrorPlace => ({ offset: pos, expected });
  const afterValue = (): Expect => {
    const top = stack[stack.length - 1];
    return top === undefined ? 'end' : top === '{' ? 'commaOrEndObject' : 'commaOrEndArray';
  };
  const scanString = (): JsonErrorPlace | undefined => {
    pos++;
    for (;;) {
      if (pos >= text.length) return fail('closingQuote');
      const code = text.charCodeAt(pos);
      if (code === 0x22) {
        pos++;
        return undefined;
      }
      if (code < 0x20) return fail('controlInString');
      if (code === 0x5c) {
        const escaped = text[pos + 1];
        if (escaped === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(pos + 2, pos + 6))) return fail('hexDigits');
          pos += 6;
        } else if (escaped !== undefined && '"\\/bfnrt'.includes(escaped)) {
          pos += 2;
        } else {
          return fail('escape');
        }
        continue;
      }
      pos++;
    }
  };
  const scanNumber = (): JsonErrorPlace | undefined => {
    const match = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(pos, pos + 400));
    if (!match || match[0] === '' || match[0] === '-') return fail('number');
    pos += match[0].length;
    return undefined;
  };
  for (;;) {
    skipSpace();
    const c = text[pos];
    if (expect === 'end') return c === undefined ? undefined : fail('end');
    if (c === undefined) return fail('more');
    switch (expect) {
      case 'valueOrEnd':
        if (c === ']') {
          pos++;
          stack.pop();
          expect = afterValue();
          continue;
        }
        expect = 'value';
        continue;
      case 'value': {
        if (c === '{') {
          pos++;
          stack.push('{');
          expect = 'keyOrEnd';
          continue;
        }
        if (c === '[') {
          pos++;
          stack.push('[');
          expect = 'valueOrEnd';
          continue;
        }
        let problem: JsonErrorPlace | undefined;
        if (c === '"') problem = scanString();
        else if (c === '-' || (c >= '0' && c <= '9')) problem = scanNumber();
        else {
          const literal = ['true', 'false', 'null'].find((word) => text.startsWith(word, pos));
          if (!literal) return fail('value');
          pos += literal.length;
        }
        if (problem) return problem;
        expect = afterValue();
        continue;
      }
      case 'keyOrEnd':
      case 'key':
        if (c === '}' && expect === 'keyOrEnd') {
          pos++;
          stack.pop();
          expect = afterValue();
          continue;
        }
        if (c !== '"') return fail('key');
        {
          const problem = scanString();
          if (problem) return problem;
        }
        expect = 'colon';
        continue;
      case 'colon':
        if (c !== ':') return fail('colon');
        pos++;
        expect = 'value';
        continue;
      case 'commaOrEndObject':
        if (c === ',') expect = 'key';
        else if (c === '}') {
          stack.pop();
          pos++;
          expect = afterValue();
          continue;
        } else return fail('commaOrBrace');
        pos++;
        continue;
      case 'commaOrEndArray':
        if (c === ',') expect = 'value';
        else if (c === ']') {
          stack.pop();
          pos++;
          expect = afterValue();
          continue;
        } else return fail('commaOrBracket');
        pos++;
        continue;
    }
  }
}

/** The 1-based line and column of a character offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let index = 0; index < offset && index < text.length; index++) {
    if (text.charCodeAt(index) === 0x0a) {
      line++;
      lineStart = index + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}


