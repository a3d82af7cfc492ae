/**
 * Whether a data set fits in memory at the chosen size, asked before a single image is decoded.
 * Imported images are kept as bytes (count × h × w × c), but training holds them as float32 (four
 * times that) next to the split it trains on, so the budget is on the bytes: 256 MiB of pixels is
 * about 1 GiB of float32 in the worker, which a browser tab on a student's laptop can afford.
 * Refused with the numbers and what would fit: a smaller size, or grey.
 */
import { IMAGE_SIZE_CHOICES } from '../../../nodes/dataset';
import { DatasetError } from './datasetError';

export const PIXEL_BUDGET_BYTES = 256 * 1024 * 1024;

export function pixelBytes(count: number, size: number, channels: number): number {
  return count * size * size * channels;
}

/** The largest size the import offers at which `count` images fit; 0 when none does. */
export function largestFittingSize(count: number, channels: number, budget = PIXEL_BUDGET_BYTES): number {
  const fitting = IMAGE_SIZE_CHOICES.filter((size) => pixelBytes(count, size, channels) <= budget);
  return fitting[fitting.length - 1] ?? 0;
}

const MIB = 1024 * 1024;

/** Throws DATA_TOO_LARGE when `count` images of size×size×channels exceed the budget. */
export function checkPixelBudget(count: number, size: number, channels: 1 | 3, budget = PIXEL_BUDGET_BYTES): void {
  const bytes = pixelBytes(count, size, channels);
  if (bytes <= budget) return;
  const smaller = largestFittingSize(count, channels, budget);
  throw new DatasetError('DATA_TOO_LARGE', {
    count,
    shape: `${size}×${size}×${channels}`,
    megabytes: Math.ceil(bytes / MIB),
    budget: Math.round(budget / MIB),
    smaller: smaller > 0 ? `${smaller}×${smaller}` : '—',
    greyMegabytes: Math.ceil(pixelBytes(count, size, 1) / MIB),
  });
}
