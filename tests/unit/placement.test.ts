import { describe, expect, it } from 'vitest';
import { estimateCardSize } from '../../src/graph/cardSize';
import { copyOffset, freeSpot } from '../../src/graph/placement';
import type { GraphNode } from '../../src/graph/types';

const node = (id: string, x: number, y: number, type = 'dense'): GraphNode => ({ id, type, version: 1, params: {}, position: { x, y } });
const size = estimateCardSize('dense');

function overlap(a: { x: number; y: number }, b: { x: number; y: number }): boolean {
  return a.x < b.x + size.width && b.x < a.x + size.width && a.y < b.y + size.height && b.y < a.y + size.height;
}

describe('placing new cards', () => {
  it('a free preferred place is taken as it is', () => {
    expect(freeSpot([node('a', 0, 0)], { x: 500, y: 500 }, size)).toEqual({ x: 500, y: 500 });
  });

  it('a taken place moves to the nearest free one, never onto a card', () => {
    const nodes = [node('a', 0, 0), node('b', 200, 0), node('c', 0, 120)];
    let placed = [...nodes];
    for (let index = 0; index < 8; index++) {
      const spot = freeSpot(placed, { x: 10, y: 10 }, size);
      for (const other of placed) expect(overlap(spot, other.position), `${index}: on ${other.id}`).toBe(false);
      placed = [...placed, node(`n${index}`, spot.x, spot.y)];
    }
    // The first free place is near the preferred one, not far across the canvas.
    const first = freeSpot(nodes, { x: 10, y: 10 }, size);
    expect(Math.hypot(first.x - 10, first.y - 10)).toBeLessThan(400);
  });

  it('a pasted group keeps its shape and covers neither the originals nor earlier copies', () => {
    const originals = [node('a', 0, 0), node('b', 216, 0)];
    let all = [...originals];
    for (let round = 0; round < 3; round++) {
      const offset = copyOffset(all, originals, { x: 40, y: 40 });
      const copies = originals.map((each) => node(`${each.id}${round}`, each.position.x + offset.x, each.position.y + offset.y));
      for (const copy of copies) for (const other of all) expect(overlap(copy.position, other.position)).toBe(false);
      all = [...all, ...copies];
    }
  });
});
