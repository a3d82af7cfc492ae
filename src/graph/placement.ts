/**
 * Where a new card goes so that it lands on no other: a clicked palette card near the middle of the
 * view, a pasted or duplicated group beside its original. Pure: it takes the cards' boxes (measured
 * or estimated) and returns positions.
 */
import { estimateCardSize, type LayoutSize } from './cardSize';
import type { XY } from './edits';
import type { GraphNode } from './types';

/** Free space kept around a placed card. */
const MARGIN = 20;
/** How far the search goes (rings of candidate places around the preferred one). */
const MAX_RINGS = 12;

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type SizeOf = (node: GraphNode) => LayoutSize;

export const estimatedSize: SizeOf = (node) => estimateCardSize(node.type);

function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width + MARGIN && b.x < a.x + a.width + MARGIN && a.y < b.y + b.height + MARGIN && b.y < a.y + a.height + MARGIN;
}

function rectsOf(nodes: readonly GraphNode[], sizeOf: SizeOf): Rect[] {
  return nodes.map((node) => ({ ...node.position, ...sizeOf(node) }));
}

/** Candidate offsets around (0, 0), nearest first: rings of a grid a card wide and a card high. */
function* offsets(step: { x: number; y: number }): Generator<XY> {
  yield { x: 0, y: 0 };
  for (let ring = 1; ring <= MAX_RINGS; ring++) {
    const ringOffsets: XY[] = [];
    for (let i = -ring; i <= ring; i++) {
      for (let j = -ring; j <= ring; j++) {
        if (Math.max(Math.abs(i), Math.abs(j)) !== ring) continue;
        ringOffsets.push({ x: i * step.x, y: j * step.y });
      }
    }
    ringOffsets.sort((a, b) => Math.hypot(a.x, a.y) - Math.hypot(b.x, b.y) || a.y - b.y || a.x - b.x);
    yield* ringOffsets;
  }
}

/**
 * The offset, nearest to `preferred`, at which every box of `group` (relative positions) is clear of
 * every box of `others`. Falls back to `preferred` when the canvas is crowded beyond the search.
 */
export function freeOffset(group: readonly Rect[], others: readonly Rect[], preferred: XY): XY {
  const width = Math.max(...group.map((rect) => rect.x + rect.width)) - Math.min(...group.map((rect) => rect.x));
  const height = Math.max(...group.map((rect) => rect.y + rect.height)) - Math.min(...group.map((rect) => rect.y));
  const step = { x: Math.max(60, Math.round((width + MARGIN) / 2)), y: Math.max(40, Math.round((height + MARGIN) / 2)) };
  for (const offset of offsets(step)) {
    const dx = preferred.x + offset.x;
    const dy = preferred.y + offset.y;
    if (group.every((rect) => others.every((other) => !overlaps({ ...rect, x: rect.x + dx, y: rect.y + dy }, other)))) {
      return { x: Math.round(dx), y: Math.round(dy) };
    }
  }
  return preferred;
}

/** Where a new card of `size` goes: at `preferred` (its top-left) if free, else the nearest free place. */
export function freeSpot(nodes: readonly GraphNode[], preferred: XY, size: LayoutSize, sizeOf: SizeOf = estimatedSize): XY {
  return freeOffset([{ x: 0, y: 0, ...size }], rectsOf(nodes, sizeOf), preferred);
}

/** How far to shift copies of `copied` (nodes already in the graph) so that none lands on a card: near `preferred`. */
export function copyOffset(nodes: readonly GraphNode[], copied: readonly GraphNode[], preferred: XY, sizeOf: SizeOf = estimatedSize): XY {
  if (copied.length === 0) return preferred;
  return freeOffset(rectsOf(copied, sizeOf), rectsOf(nodes, sizeOf), preferred);
}
