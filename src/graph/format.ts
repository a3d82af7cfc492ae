import type { z } from 'zod';
import { getNodeDefinition } from '../../nodes/index';
import { checkGraphStructure } from './connect';
import { type Issue, makeIssue } from './issues';
import { type GraphMigration, GRAPH_MIGRATIONS, migrateGraphFile, type RawGraphFile } from './migrations';
import {
  checkNodeParams,
  graphEdgeSchema,
  graphFileBodySchema,
  graphNodeSchema,
  MAX_FILE_CHARS,
  showValue,
} from './schema';
import { GRAPH_FORMAT, GRAPH_FORMAT_VERSION, type Graph, type GraphEdge, type GraphNode } from './types';

/**
 * Loading and saving graph files. `parseGraphFile` goes in layers — size, JSON, plain data,
 * envelope, version, migrations, schema, graph checks — and returns a result; it never throws.
 * Nothing in a file is ever executed: it is read as JSON data and checked field by field.
 */

export interface ParseOptions {
  /** Migration steps to use (tests bring their own; the app uses GRAPH_MIGRATIONS). */
  migrations?: readonly GraphMigration[];
  /** Largest text accepted, in characters. */
  maxChars?: number;
}

export type ParseResult =
  | {
      ok: true;
      graph: Graph;
      /** Problems that did not stop loading (e.g. an ignored `__proto__` key). */
      warnings: Issue[];
      /** Names of the migration steps that brought an older file up to date. */
      migrations: string[];
    }
  | { ok: false; issues: Issue[] };

/** Keys that could reach an object's prototype if a later step ever assigned them blindly. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_DEPTH = 64;
const MAX_VALUES = 2_000_000;

class PlainDataError extends Error {
  constructor(
    readonly code: 'INVALID_FILE' | 'FILE_TOO_LARGE',
    message: string,
  ) {
    super(message);
  }
}

/**
 * A fresh copy of the input as plain JSON data: only own enumerable string keys, forbidden keys
 * dropped (with a warning), no functions, symbols, cycles or absurd depth. Everything after this
 * step works on data the loader built itself.
 */
function toPlainData(input: unknown, warnings: Issue[]): unknown {
  let count = 0;
  const copy = (value: unknown, path: string, depth: number): unknown => {
    count += 1;
    if (count > MAX_VALUES) throw new PlainDataError('FILE_TOO_LARGE', 'The file holds too many values to be a graph.');
    // -0 would not survive a save (JSON writes it as 0), so it is read as 0 from the start.
    if (typeof value === 'number') return value === 0 ? 0 : value;
    if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
    if (typeof value !== 'object') {
      throw new PlainDataError('INVALID_FILE', `${path || 'The file'} holds a ${typeof value}, which is not JSON data.`);
    }
    if (depth >= MAX_DEPTH) {
      throw new PlainDataError('INVALID_FILE', `${path} is nested more than ${MAX_DEPTH} levels deep.`);
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
        warnings.push(makeIssue('IGNORED_KEY', `Ignored the key "${key}" at ${keyPath}: it is never read from a file.`));
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

interface JsonErrorPlace {
  offset: number;
  expected: string;
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
  const fail = (expected: string): JsonErrorPlace => ({ offset: pos, expected });
  const afterValue = (): Expect => {
    const top = stack[stack.length - 1];
    return top === undefined ? 'end' : top === '{' ? 'commaOrEndObject' : 'commaOrEndArray';
  };
  const scanString = (): JsonErrorPlace | undefined => {
    pos++;
    for (;;) {
      if (pos >= text.length) return fail('a closing quote for the string');
      const code = text.charCodeAt(pos);
      if (code === 0x22) {
        pos++;
        return undefined;
      }
      if (code < 0x20) return fail('no line break or control character inside a string');
      if (code === 0x5c) {
        const escaped = text[pos + 1];
        if (escaped === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(pos + 2, pos + 6))) return fail('four hex digits after \\u');
          pos += 6;
        } else if (escaped !== undefined && '"\\/bfnrt'.includes(escaped)) {
          pos += 2;
        } else {
          return fail('a valid escape after a backslash');
        }
        continue;
      }
      pos++;
    }
  };
  const scanNumber = (): JsonErrorPlace | undefined => {
    const match = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(pos, pos + 400));
    if (!match || match[0] === '' || match[0] === '-') return fail('a number');
    pos += match[0].length;
    return undefined;
  };
  for (;;) {
    skipSpace();
    const c = text[pos];
    if (expect === 'end') return c === undefined ? undefined : fail('nothing more after the end of the data');
    if (c === undefined) return fail('more data: the text ends too early');
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
          if (!literal) return fail('a value (object, array, string, number, true, false or null)');
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
        if (c !== '"') return fail('a property name in double quotes');
        {
          const problem = scanString();
          if (problem) return problem;
        }
        expect = 'colon';
        continue;
      case 'colon':
        if (c !== ':') return fail('":" after the property name');
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
        } else return fail('"," or "}"');
        pos++;
        continue;
      case 'commaOrEndArray':
        if (c === ',') expect = 'value';
        else if (c === ']') {
          stack.pop();
          pos++;
          expect = afterValue();
          continue;
        } else return fail('"," or "]"');
        pos++;
        continue;
    }
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
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

function notJsonIssue(text: string, error: unknown): Issue {
  if (text.trim() === '') return makeIssue('NOT_JSON', 'The file is empty; a graph file is JSON text.');
  const place = locateJsonError(text);
  if (!place) {
    const reason = error instanceof Error ? error.message : String(error);
    return makeIssue('NOT_JSON', `The file is not valid JSON: ${reason}`);
  }
  const { line, column } = lineAndColumn(text, place.offset);
  return makeIssue(
    'NOT_JSON',
    `The file is not valid JSON: at line ${line}, column ${column} (character ${place.offset}) Kairo expected ${place.expected}.`,
  );
}

function describeKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function zodPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const part of path) text += typeof part === 'number' ? `[${part}]` : text ? `.${String(part)}` : String(part);
  return text;
}

function structureIssues(error: z.ZodError, prefix: string, nodeId?: string, edgeId?: string): Issue[] {
  return error.issues.map((zodIssue) => {
    const path = `${prefix}${zodIssue.path.length > 0 && typeof zodIssue.path[0] !== 'number' && prefix ? '.' : ''}${zodPath(zodIssue.path)}`;
    const where: Omit<Issue, 'code' | 'severity' | 'message'> = {};
    if (nodeId !== undefined) where.nodeId = nodeId;
    if (edgeId !== undefined) where.edgeId = edgeId;
    return makeIssue('INVALID_FILE', `${path || 'The file'}: ${zodIssue.message}`, where);
  });
}

function idOf(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const id = (value as Record<string, unknown>).id;
  return typeof id === 'string' ? id : undefined;
}

/** Reads a graph file (JSON text or already-parsed data). Never throws. */
export function parseGraphFile(input: unknown, options: ParseOptions = {}): ParseResult {
  try {
    return parseLayers(input, options);
  } catch (error) {
    // Every layer returns its own issues; reaching here means a bug, still reported, never thrown.
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, issues: [makeIssue('INVALID_FILE', `The file could not be read: ${reason}`)] };
  }
}

function parseLayers(input: unknown, options: ParseOptions): ParseResult {
  const maxChars = options.maxChars ?? MAX_FILE_CHARS;
  const warnings: Issue[] = [];
  const fail = (...issues: Issue[]): ParseResult => ({ ok: false, issues: [...issues, ...warnings] });

  // 1. Size, then JSON.
  let data: unknown = input;
  if (typeof input === 'string') {
    if (input.length > maxChars) {
      return fail(
        makeIssue(
          'FILE_TOO_LARGE',
          `The file has ${input.length.toLocaleString('en-US')} characters; graph files are limited to ${maxChars.toLocaleString('en-US')}.`,
        ),
      );
    }
    const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
    try {
      data = JSON.parse(text);
    } catch (error) {
      return fail(notJsonIssue(text, error));
    }
  }

  // 2. Plain data: a copy the loader owns, without prototype keys.
  try {
    data = toPlainData(data, warnings);
  } catch (error) {
    if (error instanceof PlainDataError) return fail(makeIssue(error.code, error.message));
    throw error;
  }

  // 3. Envelope.
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return fail(
      makeIssue(
        'WRONG_FORMAT',
        `This is not a Kairo graph file: it holds ${describeKind(data)}, not an object with "format": "${GRAPH_FORMAT}".`,
      ),
    );
  }
  const envelope = data as RawGraphFile;
  if (envelope.format !== GRAPH_FORMAT) {
    const found = Object.hasOwn(envelope, 'format') ? `its "format" is ${showValue(envelope.format)}` : 'it has no "format" field';
    return fail(makeIssue('WRONG_FORMAT', `This is not a Kairo graph file: ${found}; expected "${GRAPH_FORMAT}".`));
  }

  // 4. Version.
  const version = envelope.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    const found = Object.hasOwn(envelope, 'version') ? `is ${showValue(version)}` : 'is missing';
    return fail(makeIssue('INVALID_VERSION', `The file's "version" ${found}; it must be a whole number such as ${GRAPH_FORMAT_VERSION}.`));
  }
  if (version > GRAPH_FORMAT_VERSION) {
    return fail(
      makeIssue(
        'VERSION_TOO_NEW',
        `This file has format version ${version}, written by a newer Kairo; this Kairo reads versions up to ${GRAPH_FORMAT_VERSION}. Update Kairo to open it.`,
      ),
    );
  }

  // 5. Migrations.
  const migrated = migrateGraphFile(envelope, version, options.migrations ?? GRAPH_MIGRATIONS);
  if (!migrated.ok) return fail(migrated.issue);

  // 6. Schema: the body, each node and edge, then each node's params against its type.
  const body = graphFileBodySchema.safeParse(migrated.file);
  if (!body.success) return fail(...structureIssues(body.error, ''));
  const errors: Issue[] = [];
  let structureOk = true;
  const nodes: GraphNode[] = [];
  body.data.nodes.forEach((rawNode, index) => {
    const parsed = graphNodeSchema.safeParse(rawNode);
    if (!parsed.success) {
      structureOk = false;
      errors.push(...structureIssues(parsed.error, `nodes[${index}]`, idOf(rawNode)));
      return;
    }
    const node = parsed.data;
    const definition = getNodeDefinition(node.type);
    if (!definition) {
      errors.push(
        makeIssue('UNKNOWN_NODE_TYPE', `Node "${node.id}" has type "${node.type}", which this Kairo does not know.`, {
          nodeId: node.id,
        }),
      );
      nodes.push(node);
      return;
    }
    if (node.version > definition.version) {
      errors.push(
        makeIssue(
          'NODE_VERSION_TOO_NEW',
          `Node "${node.id}" (${node.type}) has version ${node.version}, written by a newer Kairo; this one knows ${node.type} up to version ${definition.version}.`,
          { nodeId: node.id },
        ),
      );
      nodes.push(node);
      return;
    }
    const checked = checkNodeParams(definition, node.id, node.params);
    errors.push(...checked.issues);
    nodes.push({ ...node, params: checked.params });
  });
  const edges: GraphEdge[] = [];
  body.data.edges.forEach((rawEdge, index) => {
    const parsed = graphEdgeSchema.safeParse(rawEdge);
    if (!parsed.success) {
      structureOk = false;
      errors.push(...structureIssues(parsed.error, `edges[${index}]`, undefined, idOf(rawEdge)));
      return;
    }
    edges.push(parsed.data);
  });

  // 7. Graph checks, only over a complete structure (a node left out would make every edge to it dangle).
  if (structureOk) errors.push(...checkGraphStructure({ nodes, edges }).issues);
  if (errors.length > 0) return fail(...errors);
  return { ok: true, graph: { meta: body.data.meta, nodes, edges }, warnings, migrations: migrated.applied };
}

/** Params in the order their type declares them, then any others by name: stable text. */
function orderedParams(node: GraphNode): Record<string, unknown> {
  const declared = Object.keys(getNodeDefinition(node.type)?.params ?? {});
  const rest = Object.keys(node.params)
    .filter((key) => !declared.includes(key))
    .sort();
  const ordered: Record<string, unknown> = {};
  for (const key of [...declared, ...rest]) {
    if (Object.hasOwn(node.params, key) && !FORBIDDEN_KEYS.has(key)) ordered[key] = node.params[key];
  }
  return ordered;
}

const LINE_WIDTH = 120;

/**
 * One value on one line (`{ "x": 0, "y": 0 }`, `[3, 3]`), or undefined as soon as it grows past
 * `budget` characters, so trying to fit a large list costs no more than the budget.
 */
function renderFlat(value: unknown, budget: number): string | undefined {
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value) ?? 'null';
    return text.length <= budget ? text : undefined;
  }
  const isList = Array.isArray(value);
  const entries: [string | undefined, unknown][] = isList
    ? value.map((item) => [undefined, item])
    : Object.entries(value).filter(([, item]) => item !== undefined);
  if (entries.length === 0) return isList ? '[]' : '{}';
  let text = isList ? '[' : '{ ';
  for (const [index, [key, item]] of entries.entries()) {
    if (index > 0) text += ', ';
    if (key !== undefined) text += `${JSON.stringify(key)}: `;
    const part = renderFlat(item, budget - text.length);
    if (part === undefined) return undefined;
    text += part;
    if (text.length > budget) return undefined;
  }
  text += isList ? ']' : ' }';
  return text.length <= budget ? text : undefined;
}

/** JSON with objects and lists on one line where they fit, so a graph file reads and diffs well. */
function render(value: unknown, indent: string, lead: number, depth: number): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (depth > 0) {
    const line = renderFlat(value, LINE_WIDTH - indent.length - lead);
    if (line !== undefined) return line;
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((item) => inner + render(item, inner, 0, depth + 1)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value).filter(([, item]) => item !== undefined);
  if (entries.length === 0) return '{}';
  const lines = entries.map(([key, item]) => {
    const prefix = `${JSON.stringify(key)}: `;
    return inner + prefix + render(item, inner, prefix.length, depth + 1);
  });
  return `{\n${lines.join(',\n')}\n${indent}}`;
}

/** The graph as file text: fixed key order, stable layout, trailing newline. Loads back as the same graph. */
export function serializeGraph(graph: Graph): string {
  const file = {
    format: GRAPH_FORMAT,
    version: GRAPH_FORMAT_VERSION,
    meta: {
      title: { en: graph.meta.title.en, ja: graph.meta.title.ja },
      description: { en: graph.meta.description.en, ja: graph.meta.description.ja },
    },
    nodes: graph.nodes.map((node) => ({
      id: node.id,
      type: node.type,
      version: node.version,
      params: orderedParams(node),
      position: { x: node.position.x, y: node.position.y },
    })),
    edges: graph.edges.map((edge) => ({
      id: edge.id,
      source: edge.source,
      sourcePort: edge.sourcePort,
      target: edge.target,
      targetPort: edge.targetPort,
    })),
  };
  return `${render(file, '', 0, 0)}\n`;
}
