/**
 * The canvas as a picture for slides: an SVG drawn from the graph itself (its node positions, each
 * node's title, summary and parameter count, the tensor shape on every edge), in the reader's
 * language. Pure: graph and analysis in, SVG text out; the browser turns it into a PNG.
 */
import { getNodeDefinition } from '../../nodes/index';
import type { NodeCategory } from '../../nodes/types';
import type { GraphAnalysis } from '../graph/analyze';
import type { Graph, Shape } from '../graph/types';
import { formatCount, type Language, localized } from '../i18n/index';

/** The canvas's card width (src/graph/layout.ts CARD_WIDTH; not imported, so no layout library comes along). */
export const NODE_WIDTH = 172;
export const NODE_HEIGHT = 64;
const MARGIN = 32;

const CATEGORY_COLORS: Readonly<Record<NodeCategory, { fill: string; stroke: string }>> = {
  data: { fill: '#e8f0ff', stroke: '#4a6fd1' },
  layers: { fill: '#ebf6ee', stroke: '#3f9161' },
  activations: { fill: '#fff3e2', stroke: '#cf8a2e' },
  merge: { fill: '#f2ecff', stroke: '#7d5bc7' },
  training: { fill: '#fdebee', stroke: '#c4506a' },
};

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (char) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[char] ?? char);
}

function shapeText(shape: Shape): string {
  return `[${shape.map((dim) => (dim === null ? 'N' : String(dim))).join(', ')}]`;
}

/** Where a port sits on a node's edge: inputs on the left, outputs on the right, spread evenly. */
function portPoint(position: { x: number; y: number }, index: number, count: number, side: 'in' | 'out'): { x: number; y: number } {
  return { x: position.x + (side === 'out' ? NODE_WIDTH : 0), y: position.y + (NODE_HEIGHT * (index + 1)) / (count + 1) };
}

/** The graph as an SVG document (no external fonts or images: it renders the same anywhere). */
export function graphSvg(graph: Pick<Graph, 'nodes' | 'edges' | 'meta'>, analysis: GraphAnalysis, language: Language): string {
  const nodes = new Map(graph.nodes.map((node) => [node.id, node]));
  const xs = graph.nodes.map((node) => node.position.x);
  const ys = graph.nodes.map((node) => node.position.y);
  const minX = (xs.length ? Math.min(...xs) : 0) - MARGIN;
  const minY = (ys.length ? Math.min(...ys) : 0) - MARGIN - 28;
  const width = (xs.length ? Math.max(...xs) : 0) + NODE_WIDTH + MARGIN - minX;
  const height = (ys.length ? Math.max(...ys) : 0) + NODE_HEIGHT + MARGIN - minY;

  const edges: string[] = [];
  // Shapes go on top of everything: between close nodes a label is wider than the gap.
  const labels: string[] = [];
  for (const edge of graph.edges) {
    const source = nodes.get(edge.source);
    const target = nodes.get(edge.target);
    const sourceOutputs = getNodeDefinition(source?.type ?? '')?.outputs ?? [];
    const targetInputs = getNodeDefinition(target?.type ?? '')?.inputs ?? [];
    if (!source || !target) continue;
    const from = portPoint(source.position, Math.max(0, sourceOutputs.findIndex((port) => port.name === edge.sourcePort)), Math.max(1, sourceOutputs.length), 'out');
    const to = portPoint(target.position, Math.max(0, targetInputs.findIndex((port) => port.name === edge.targetPort)), Math.max(1, targetInputs.length), 'in');
    const bend = Math.max(40, Math.abs(to.x - from.x) / 2);
    edges.push(`<path d="M${from.x} ${from.y} C${from.x + bend} ${from.y} ${to.x - bend} ${to.y} ${to.x} ${to.y}" fill="none" stroke="#8d97a8" stroke-width="1.6"/>`);
    const shape = analysis.edges[edge.id];
    if (shape && shape.length > 0) {
      const label = escapeXml(shapeText(shape));
      const x = (from.x + to.x) / 2;
      const y = (from.y + to.y) / 2 - 6;
      labels.push(`<text x="${x}" y="${y}" text-anchor="middle" font-size="11" fill="#5b6476" stroke="#ffffff" stroke-width="3" paint-order="stroke">${label}</text>`);
    }
  }

  const boxes: string[] = [];
  for (const node of graph.nodes) {
    const definition = getNodeDefinition(node.type);
    const colors = CATEGORY_COLORS[definition?.category ?? 'layers'];
    const { x, y } = node.position;
    const title = escapeXml(definition ? localized(definition.title, language) : node.type);
    const resolved = analysis.resolved[node.id];
    let summary = '';
    try {
      summary = resolved && definition?.summary ? definition.summary(resolved.params) : '';
    } catch {
      summary = '';
    }
    const params = analysis.nodes[node.id]?.params ?? 0;
    const count = params > 0 ? ` · ${formatCount(params, language)}` : '';
    boxes.push(
      `<g><rect x="${x}" y="${y}" width="${NODE_WIDTH}" height="${NODE_HEIGHT}" rx="9" fill="${colors.fill}" stroke="${colors.stroke}" stroke-width="1.5"/>` +
        `<text x="${x + 12}" y="${y + 24}" font-size="14" font-weight="600" fill="#1d2533">${title}</text>` +
        `<text x="${x + 12}" y="${y + 45}" font-size="11.5" fill="#4b5565">${escapeXml(summary)}${escapeXml(count)}</text></g>`,
    );
  }
  const heading = escapeXml(localized(graph.meta.title, language));
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="${minX} ${minY} ${width} ${height}" font-family="'Segoe UI', 'Hiragino Sans', 'Noto Sans CJK JP', 'Noto Sans JP', system-ui, sans-serif">`,
    `<rect x="${minX}" y="${minY}" width="${width}" height="${height}" fill="#ffffff"/>`,
    heading ? `<text x="${minX + MARGIN}" y="${minY + 28}" font-size="16" font-weight="600" fill="#1d2533">${heading}</text>` : '',
    ...edges,
    ...boxes,
    ...labels,
    '</svg>',
  ]
    .filter((part) => part !== '')
    .join('\n');
}
