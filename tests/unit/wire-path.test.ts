import { describe, expect, it } from 'vitest';
import { runsBackwards, wrapPath } from '../../src/ui/canvas/wirePath';

describe('wire routes', () => {
  it('a wire between neighbouring cards of one row is a plain curve, even at the narrowest gap and with rounding', () => {
    // Loss → Optimizer in the CNN preset: output at x 180, input 28 units on (measured 27.99999).
    expect(runsBackwards(179.9999988964213, 207.99998348675234)).toBe(false);
    expect(runsBackwards(180, 181)).toBe(false);
  });

  it('a wire into an input left of its output (the next row, the labels back to the loss) takes the wrapped route', () => {
    expect(runsBackwards(612, -8)).toBe(true);
    const { path, labelY } = wrapPath(612, 301, -8, 405, 334);
    expect(labelY).toBe(334);
    expect(path.startsWith('M612,301')).toBe(true);
    expect(path.endsWith('L-8,405')).toBe(true);
  });
});
