import { describe, expect, it } from 'vitest';
import { axisEnd, tidyCeiling } from '../../src/ui/training/MetricChart';

describe('the charts’ x axis', () => {
  it('spans the run so far, tidied, not every epoch planned', () => {
    // A twelfth of the first of twelve epochs: the axis ends at 0.1 epochs, not at 12.
    expect(axisEnd(1 / 12, 12)).toBe(0.1);
    expect(axisEnd(0.3, 12)).toBe(0.4);
    expect(axisEnd(1, 12)).toBe(1.5);
    expect(axisEnd(5.5, 12)).toBe(6);
  });

  it('never ends beyond the planned epochs, and ends there when the run is done', () => {
    expect(axisEnd(11, 12)).toBe(12);
    expect(axisEnd(12, 12)).toBe(12);
    expect(axisEnd(2, 2)).toBe(2);
  });

  it('before any point: one epoch, or less when fewer are planned', () => {
    expect(axisEnd(0, 12)).toBe(1);
    expect(axisEnd(0, 0.5)).toBe(0.5);
  });

  it('tidy values are 1, 1.5, 2, 2.5, 3, 4, 5, 6 and 8 times a power of ten', () => {
    expect([0.07, 0.11, 0.22, 0.3, 0.9, 1, 3, 26, 70].map(tidyCeiling)).toEqual([0.08, 0.15, 0.25, 0.3, 1, 1, 3, 30, 80]);
  });

  it('the run so far always fills more than half of the axis', () => {
    for (let reached = 0.001; reached < 12; reached *= 1.013) expect(reached / axisEnd(reached, 12)).toBeGreaterThan(0.6);
  });
});
