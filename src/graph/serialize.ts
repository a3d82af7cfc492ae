import { getNodeDefinition } from '../../nodes/index';
import { FORBIDDEN_KEYS } from './plainData';
import { GRAPH_FORMAT, GRAPH_FORMAT_VERSION, type Graph, type GraphNode } from './types';

/** Writing graph files: one stable text per graph, which reads back as the same graph. */

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
