import type { z } from './zod';
import { analyzeGraph } from './analyze';
import { type Issue, type IssuePlace, makeIssue, phraseRef, REFUSED_ON_LOAD, shownValue } from './issues';
import { lineAndColumn, locateJsonError } from './jsonLocator';
import { GRAPH_LIMITS } from './limits';
import { type GraphMigration, GRAPH_MIGRATIONS, migrateGraphFile, type RawGraphFile } from './migrations';
import { PlainDataError, toPlainData } from './plainData';
import { graphEdgeSchema, graphFileBodySchema, graphNodeSchema, MAX_FILE_CHARS } from './schema';
import { GRAPH_FORMAT, GRAPH_FORMAT_VERSION, type Graph, type GraphEdge, type GraphNode } from './types';

/**
 * Reading graph files. `parseGraphFile` goes in layers — size, JSON, plain data, envelope,
 * version, migrations, document schema — and then asks the analysis (the one place that decides
 * validity) about nodes and wiring: a file with an error the editor could never have drawn
 * (REFUSED_ON_LOAD: unknown types or params, bad values, dangling or doubled edges, cycles) is
 * refused; anything else loads and is shown on the canvas. Returns a result; never throws. Nothing
 * in a file is ever executed: it is read as JSON data and checked field by field.
 */
export { serializeGraph } from './serialize';

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

function notJsonIssue(text: string): Issue {
  if (text.trim() === '') return makeIssue('NOT_JSON', { variant: 'empty' });
  const place = locateJsonError(text);
  if (!place) return makeIssue('NOT_JSON');
  const { line, column } = lineAndColumn(text, place.offset);
  return makeIssue('NOT_JSON', {
    variant: 'at',
    vars: { line, column, offset: place.offset, expected: phraseRef(`json.${place.expected}`) },
  });
}

function describeKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  return typeof value === 'object' ? 'object' : typeof value;
}

function zodPath(prefix: string, path: readonly PropertyKey[]): string {
  let text = prefix;
  for (const part of path) text += typeof part === 'number' ? `[${part}]` : text ? `.${String(part)}` : String(part);
  return text || '/';
}

const EXPECTED_PHRASES = new Set(['string', 'number', 'object', 'boolean']);
/** The schema's own error messages name the INVALID_FILE variant they stand for. */
const MESSAGE_VARIANTS = new Set(['badId', 'reservedId', 'notFinite', 'outOfRange']);

function structureIssues(error: z.ZodError, prefix: string, place: IssuePlace = {}): Issue[] {
  return error.issues.flatMap((zodIssue): Issue[] => {
    const path = zodPath(prefix, zodIssue.path);
    const issue = (variant: string, vars: Record<string, string | number | ReturnType<typeof phraseRef>> = {}) =>
      makeIssue('INVALID_FILE', { ...place, variant, vars: { path, ...vars } });
    switch (zodIssue.code) {
      case 'invalid_type': {
        const expected = zodIssue.expected === 'array' ? 'list' : zodIssue.expected;
        return [issue('type', { expected: EXPECTED_PHRASES.has(expected) || expected === 'list' ? phraseRef(expected) : expected })];
      }
      case 'unrecognized_keys':
        return zodIssue.keys.map((key) => issue('unknownKey', { key }));
      case 'too_big':
        return [issue(zodIssue.origin === 'array' ? 'tooMany' : 'tooLong', { max: Number(zodIssue.maximum) })];
      case 'too_small':
        return [issue('tooShort', { min: Number(zodIssue.minimum) })];
      default:
        if (zodIssue.message === 'outOfRange') return [issue('outOfRange', { max: GRAPH_LIMITS.maxCoordinate })];
        return [issue(MESSAGE_VARIANTS.has(zodIssue.message) ? zodIssue.message : 'other')];
    }
  });
}

function idOf(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const id = (value as Record<string, unknown>).id;
  return typeof id === 'string' ? id : undefined;
}

type DocumentResult =
  | {
      ok: true;
      graph: Graph;
      /** False when some nodes or edges were not shaped like nodes and edges (reported in `issues`). */
      complete: boolean;
      issues: Issue[];
      warnings: Issue[];
      migrations: string[];
    }
  | { ok: false; issues: Issue[] };

/** Layers 1–6: the document as far as it can be read, before any check of nodes and wiring. */
function readDocument(input: unknown, options: ParseOptions): DocumentResult {
  const maxChars = options.maxChars ?? MAX_FILE_CHARS;
  const warnings: Issue[] = [];
  const fail = (...issues: Issue[]): DocumentResult => ({ ok: false, issues: [...issues, ...warnings] });

  // 1. Size, then JSON.
  let data: unknown = input;
  if (typeof input === 'string') {
    if (input.length > maxChars) {
      return fail(makeIssue('FILE_TOO_LARGE', { variant: 'chars', vars: { size: input.length, limit: maxChars } }));
    }
    const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
    try {
      data = JSON.parse(text);
    } catch {
      return fail(notJsonIssue(text));
    }
  }

  // 2. Plain data: a copy the loader owns, without prototype keys.
  try {
    data = toPlainData(data, warnings);
  } catch (error) {
    if (error instanceof PlainDataError) return fail(error.issue);
    throw error;
  }

  // 3. Envelope.
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return fail(makeIssue('WRONG_FORMAT', { variant: 'notObject', vars: { found: phraseRef(describeKind(data)), expected: GRAPH_FORMAT } }));
  }
  const envelope = data as RawGraphFile;
  if (envelope.format !== GRAPH_FORMAT) {
    return fail(
      Object.hasOwn(envelope, 'format')
        ? makeIssue('WRONG_FORMAT', { variant: 'formatField', vars: { found: shownValue(envelope.format), expected: GRAPH_FORMAT } })
        : makeIssue('WRONG_FORMAT', { variant: 'noFormatField', vars: { expected: GRAPH_FORMAT } }),
    );
  }

  // 4. Version.
  const version = envelope.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    return fail(
      Object.hasOwn(envelope, 'version')
        ? makeIssue('INVALID_VERSION', { variant: 'invalid', vars: { found: shownValue(version), current: GRAPH_FORMAT_VERSION } })
        : makeIssue('INVALID_VERSION', { variant: 'missing', vars: { current: GRAPH_FORMAT_VERSION } }),
    );
  }
  if (version > GRAPH_FORMAT_VERSION) {
    return fail(makeIssue('VERSION_TOO_NEW', { vars: { version, supported: GRAPH_FORMAT_VERSION } }));
  }

  // 5. Migrations.
  const migrated = migrateGraphFile(envelope, version, options.migrations ?? GRAPH_MIGRATIONS);
  if (!migrated.ok) return fail(migrated.issue);

  // 6. Document schema: the body, then each node and edge.
  const body = graphFileBodySchema.safeParse(migrated.file);
  if (!body.success) return fail(...structureIssues(body.error, ''));
  const issues: Issue[] = [];
  const nodes: GraphNode[] = [];
  body.data.nodes.forEach((rawNode, index) => {
    const parsed = graphNodeSchema.safeParse(rawNode);
    const nodeId = idOf(rawNode);
    if (parsed.success) nodes.push(parsed.data);
    else issues.push(...structureIssues(parsed.error, `nodes[${index}]`, nodeId === undefined ? {} : { nodeId }));
  });
  const edges: GraphEdge[] = [];
  body.data.edges.forEach((rawEdge, index) => {
    const parsed = graphEdgeSchema.safeParse(rawEdge);
    const edgeId = idOf(rawEdge);
    if (parsed.success) edges.push(parsed.data);
    else issues.push(...structureIssues(parsed.error, `edges[${index}]`, edgeId === undefined ? {} : { edgeId }));
  });
  return {
    ok: true,
    graph: { meta: body.data.meta, nodes, edges },
    complete: issues.length === 0,
    issues,
    warnings,
    migrations: migrated.applied,
  };
}

/**
 * The document of a file, read up to (not including) the checks of nodes and wiring: what
 * `parseGraphFile` hands to the analysis. For tools and tests that follow a file through every stage.
 */
export function readGraphDocument(
  input: unknown,
  options: ParseOptions = {},
): { ok: true; graph: Graph; warnings: Issue[] } | { ok: false; issues: Issue[] } {
  const document = readDocument(input, options);
  if (!document.ok) return document;
  if (!document.complete) return { ok: false, issues: [...document.issues, ...document.warnings] };
  return { ok: true, graph: document.graph, warnings: document.warnings };
}

/** Reads a graph file (JSON text or already-parsed data). Never throws. */
export function parseGraphFile(input: unknown, options: ParseOptions = {}): ParseResult {
  try {
    return parseLayers(input, options);
  } catch (error) {
    // Every layer returns its own issues; reaching here means a bug, still reported, never thrown.
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, issues: [makeIssue('INVALID_FILE', { variant: 'internal', vars: { reason } })] };
  }
}

function parseLayers(input: unknown, options: ParseOptions): ParseResult {
  const document = readDocument(input, options);
  if (!document.ok) return document;
  const { graph } = document;
  // 7. Nodes and wiring, by the analysis. Wiring is checked only over a complete document: a node
  // left out would make every edge to it dangle.
  const analysis = analyzeGraph(document.complete ? graph : { nodes: graph.nodes, edges: [] });
  const refused = analysis.issues.filter((issue) => issue.severity === 'error' && REFUSED_ON_LOAD.has(issue.code));
  if (document.issues.length > 0 || refused.length > 0) {
    return { ok: false, issues: [...document.issues, ...refused, ...document.warnings] };
  }
  // Params as the analysis resolved them: defaults filled in, older node versions migrated.
  const nodes = graph.nodes.map((node) => {
    const resolved = analysis.resolved[node.id];
    return resolved ? { ...node, version: resolved.definition.version, params: { ...resolved.params } } : node;
  });
  return { ok: true, graph: { ...graph, nodes }, warnings: document.warnings, migrations: document.migrations };
}
