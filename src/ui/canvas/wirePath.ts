/**
 * The path of a wire whose input lies left of its output — the wire from the end of one row of a
 * wrapped layout to the start of the next, or the labels wire from the dataset back down to the
 * loss. A curve would sweep across the cards in between; this one goes out to the right, runs
 * along the gap under the card it leaves, down the left of the card it enters, and in: like the
 * return of a line of text.
 */

/** Distance of the vertical runs from the ports. */
const REACH = 14;
const RADIUS = 8;

export interface WrapPath {
  path: string;
  labelX: number;
  labelY: number;
}

/**
 * Whether a wire from (sourceX, ·) to (targetX, ·) runs backwards and takes the wrapped route. Only
 * an input truly left of its output does: between two cards of one row the gap is 28 canvas units
 * (2 × REACH), and a threshold there sent the Loss → Optimizer wire of the CNN preset on a detour
 * below the cards whenever rounding put it a hair under.
 */
export function runsBackwards(sourceX: number, targetX: number): boolean {
  return targetX < sourceX;
}

/**
 * A rounded orthogonal path from an output at (sx, sy) to an input at (tx, ty) through the
 * horizontal run at `gapY` (between the source card and the rows below or above it).
 */
export function wrapPath(sx: number, sy: number, tx: number, ty: number, gapY: number): WrapPath {
  const right = sx + REACH;
  const left = tx - REACH;
  const points: [number, number][] = [
    [sx, sy],
    [right, sy],
    [right, gapY],
    [left, gapY],
    [left, ty],
    [tx, ty],
  ];
  let path = `M${sx},${sy}`;
  for (let index = 1; index < points.length - 1; index++) {
    const [px, py] = points[index - 1] as [number, number];
    const [cx, cy] = points[index] as [number, number];
    const [nx, ny] = points[index + 1] as [number, number];
    const r = Math.min(RADIUS, Math.hypot(cx - px, cy - py) / 2, Math.hypot(nx - cx, ny - cy) / 2);
    const inX = cx - Math.sign(cx - px) * r;
    const inY = cy - Math.sign(cy - py) * r;
    const outX = cx + Math.sign(nx - cx) * r;
    const outY = cy + Math.sign(ny - cy) * r;
    path += ` L${inX},${inY} Q${cx},${cy} ${outX},${outY}`;
  }
  path += ` L${tx},${ty}`;
  return { path, labelX: (right + left) / 2, labelY: gapY };
}
