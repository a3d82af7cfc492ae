import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseGraphFile } from '../../src/graph/format';
import { estimateCardSize, layoutGraph } from '../../src/graph/layout';
import type { Graph, GraphNode } from '../../src/graph/types';
import { PRESET_LAYOUT_WIDTH } from '../../src/ui/canvas/framing';

const presetDir = path.join(import.meta.dirname, '../../presets');

function preset(name: string): Graph {
  const parsed = parseGraphFile(readFileSync(path.join(presetDir, name), 'utf8'));
  if (!parsed.ok) throw new Error(`${name} does not load`);
  return parsed.graph;
}

interface Box {
  id: string;
  left: number;
  top: number;
  right: number;
  bottom: number;
}

function boxes(graph: Graph): Box[] {
  return graph.nodes.map((node) => {
    const size = estimateCardSize(node.type);
    return { id: node.id, left: node.position.x, top: node.position.y, right: node.position.x + size.width, bottom: node.position.y + size.height };
  });
}

function overlapping(all: Box[]): string[] {
  const pairs: string[] = [];
  for (const [index, a] of all.entries()) {
    for (const b of all.slice(index + 1)) {
      if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) pairs.push(`${a.id}/${b.id}`);
    }
  }
  return pairs;
}

/** A chain dataset → n dense layers → loss → optimizer, every node at (0, 0). */
function chain(length: number): Graph {
  const node = (id: string, type: string): GraphNode => ({ id, type, version: 1, params: {}, position: { x: 0, y: 0 } });
  const nodes = [node('data', 'dataset'), ...Array.from({ length }, (_, index) => node(`d${index}`, 'dense')), node('loss', 'loss'), node('opt', 'optimizer')];
  const ids = nodes.map((each) => each.id);
  const edges = ids.slice(1, -1).map((target, index) => ({
    id: `e${index}`,
    source: ids[index] ?? '',
    sourcePort: index === 0 ? 'images' : 'out',
    target,
    targetPort: target === 'loss' ? 'prediction' : 'in',
  }));
  edges.push({ id: 'labels', source: 'data', sourcePort: 'labels', target: 'loss', targetPort: 'labels' });
  edges.push({ id: 'train', source: 'loss', sourcePort: 'loss', target: 'opt', targetPort: 'loss' });
  return { meta: { title: { en: '', ja: '' }, description: { en: '', ja: '' } }, nodes, edges };
}

describe('layoutGraph', () => {
  it('puts every node of a chain apart, each layer right of the one it reads from', () => {
    const laid = layoutGraph(chain(4));
    expect(overlapping(boxes(laid))).toEqual([]);
    const x = new Map(laid.nodes.map((node) => [node.id, node.position.x]));
    for (const edge of laid.edges) expect(x.get(edge.target) ?? 0, edge.id).toBeGreaterThan(x.get(edge.source) ?? 0);
  });

  it('wraps the layers into rows no wider than maxWidth, read like lines of text', () => {
    const laid = layoutGraph(chain(7), { maxWidth: 620 });
    const all = boxes(laid);
    expect(overlapping(all)).toEqual([]);
    expect(Math.max(...all.map((box) => box.right)) - Math.min(...all.map((box) => box.left))).toBeLessThanOrEqual(620);
    // Eleven layers in rows of three: four rows, each below the previous one.
    const tops = [...new Set(laid.nodes.map((node) => node.position.x === 0 ? node.position.y : null).filter((y) => y !== null))];
    expect(tops.length).toBe(4);
    const order = ['data', 'd0', 'd1', 'd2', 'd3', 'd4', 'd5', 'd6', 'loss', 'opt'];
    const byId = new Map(all.map((box) => [box.id, box]));
    for (let index = 1; index < order.length; index++) {
      const before = byId.get(order[index - 1] ?? '');
      const after = byId.get(order[index] ?? '');
      if (!before || !after) throw new Error('missing node');
      // Either further right in the same row, or in a row below.
      expect(after.left > before.left || after.top >= before.bottom, `${order[index]} after ${order[index - 1]}`).toBe(true);
    }
  });

  it('changes positions only, keeps the objects of nodes that stay, and is deterministic', () => {
    const graph = chain(3);
    const laid = layoutGraph(graph, { maxWidth: 620 });
    expect(laid.edges).toBe(graph.edges);
    expect(laid.meta).toBe(graph.meta);
    for (const [index, node] of laid.nodes.entries()) {
      const { position: _moved, ...rest } = node;
      const { position: _old, ...before } = graph.nodes[index] as GraphNode;
      expect(rest).toEqual(before);
    }
    expect(layoutGraph(graph, { maxWidth: 620 })).toEqual(laid);
    // Laid out again, nothing moves: the very same graph comes back.
    expect(layoutGraph(laid, { maxWidth: 620 })).toBe(laid);
  });

  it('uses measured sizes when it has them', () => {
    const graph = chain(1);
    const sizes = new Map(graph.nodes.map((node) => [node.id, { width: 300, height: 200 }]));
    const laid = layoutGraph(graph, { sizes, layerGap: 10 });
    const xs = [...new Set(laid.nodes.map((node) => node.position.x))].sort((a, b) => a - b);
    expect(xs[1]).toBe(310);
  });

  it('lays out nothing when there is nothing, and a graph with a dangling edge without failing', () => {
    const empty = chain(0);
    const none = { ...empty, nodes: [], edges: [] };
    expect(layoutGraph(none)).toBe(none);
    const dangling = { ...empty, edges: [...empty.edges, { id: 'x', source: 'ghost', sourcePort: 'out', target: 'loss', targetPort: 'prediction' }] };
    expect(overlapping(boxes(layoutGraph(dangling)))).toEqual([]);
  });
});

describe('presets', () => {
  const names = readdirSync(presetDir).filter((name) => name.endsWith('.json'));

  it.each(names)('%s is laid out: no card on another, no wider than three layers (npx tsx scripts/relayout-presets.ts)', (name) => {
    const all = boxes(preset(name));
    expect(overlapping(all)).toEqual([]);
    expect(Math.max(...all.map((box) => box.right)) - Math.min(...all.map((box) => box.left))).toBeLessThanOrEqual(PRESET_LAYOUT_WIDTH);
  });
});
