import { describe, expect, it } from 'vitest';
import { contrastRatio, matrixCellColours } from '../../src/ui/training/matrixColours';

describe('confusion-matrix cell colours', () => {
  it('every count is readable (≥ 4.5:1) on every fill, hit or mistake, in both themes', () => {
    for (const theme of ['light', 'dark'] as const) {
      for (const correct of [true, false]) {
        for (let share = 0; share <= 1.0001; share += 0.01) {
          const { fill, ink } = matrixCellColours(share, correct, theme);
          expect(contrastRatio(fill, ink), `${theme} ${correct ? 'hit' : 'mistake'} ${share.toFixed(2)}`).toBeGreaterThanOrEqual(4.5);
        }
      }
    }
  });

  it('a larger share of the row is a stronger fill, and an empty cell is the panel itself', () => {
    expect(matrixCellColours(0, true, 'light').background).toBe('#ffffff');
    expect(matrixCellColours(0, false, 'dark').background).toBe('#161b23');
    const weak = matrixCellColours(0.1, true, 'light').fill;
    const strong = matrixCellColours(0.9, true, 'light').fill;
    expect(strong[0]).toBeLessThan(weak[0]);
  });

  it('the known ratios: white on black is 21:1, a colour on itself 1:1', () => {
    expect(contrastRatio([255, 255, 255], [0, 0, 0])).toBeCloseTo(21, 5);
    expect(contrastRatio([54, 87, 214], [54, 87, 214])).toBe(1);
  });
});
