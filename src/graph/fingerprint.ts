import type { Graph } from './types';

/**
 * A stable fingerprint of what a graph computes and trains: node ids, types, versions, params and
 * the wiring — not positions, titles or descriptions, and not the order nodes and edges are listed
 * in. Two graphs with the same fingerprint build the same model with the same settings, so a trained
 * model (or a result, or a paused run) can tell whether the graph on the canvas is still its own.
 * Synchronous and cheap: the editor compares it on every change.
 */
export function graphFingerprint(graph: Pick<Graph, 'nodes' | 'edges'>): string {
  const nodes = graph.nodes
    .map((node) => [node.id, node.type, node.version, canonical(node.params)] as const)
    .sort((a, b) => compareText(a[0], b[0]));
  const edges = graph.edges
    .map((edge) => [edge.source, edge.sourcePort, edge.target, edge.targetPort] as const)
    .sort((a, b) => compareText(a.join('\u0000'), b.join('\u0000')));
  return hash64(JSON.stringify([nodes, edges]));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The value with object keys sorted, so {a, b} and {b, a} read the same. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) sorted[key] = canonical((value as Record<string, unknown>)[key]);
    return sorted;
  }
  return value;
}

/**
 * 64 bits as 16 hex digits, from two FNV-1a passes with different offset bases: collisions between
 * the few graphs one user has are not a practical concern, and no async crypto API is needed.
 */
function hash64(text: string): string {
  let low = 0x811c9dc5;
  let high = 0x050c5d1f;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    low = Math.imul(low ^ code, 0x01000193);
    high = Math.imul(high ^ code, 0x01000193) ^ (low >>> 15);
  }
  return (high >>> 0).toString(16).padStart(8, '0') + (low >>> 0).toString(16).padStart(8, '0');
}
