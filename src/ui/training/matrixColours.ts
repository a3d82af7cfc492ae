/**
 * The colours of a confusion-matrix cell: its fill strength is the share of its row (blue on the
 * diagonal, red off it), blended onto the panel of the current theme, and its number is black or
 * white, whichever contrasts more with that fill — never under 4.5:1 (WCAG AA), whatever the share.
 */
import type { Theme } from '../theme';

type Rgb = readonly [number, number, number];

const HIT: Rgb = [54, 87, 214];
const MISTAKE: Rgb = [208, 59, 59];
/** The panel colour the matrix sits on (--panel in styles.css and styles/theme-dark.css). */
const PANEL: Record<Theme, Rgb> = { light: [255, 255, 255], dark: [22, 27, 35] };
const WHITE: Rgb = [255, 255, 255];
const BLACK: Rgb = [0, 0, 0];

function channel(value: number): number {
  const unit = value / 255;
  return unit <= 0.04045 ? unit / 12.92 : ((unit + 0.055) / 1.055) ** 2.4;
}

/** Relative luminance (WCAG 2). */
export function luminance([red, green, blue]: Rgb): number {
  return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue);
}

/** WCAG contrast ratio between two colours. */
export function contrastRatio(first: Rgb, second: Rgb): number {
  const [light, dark] = [luminance(first), luminance(second)].sort((a, b) => b - a) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

function hex(colour: Rgb): string {
  return `#${colour.map((value) => Math.round(value).toString(16).padStart(2, '0')).join('')}`;
}

export interface CellColours {
  background: string;
  color: string;
  /** The same colours as numbers, for tests. */
  fill: Rgb;
  ink: Rgb;
}

/** Colours for a cell holding `share` of its row; `correct` when it lies on the diagonal. */
export function matrixCellColours(share: number, correct: boolean, theme: Theme): CellColours {
  // Mistakes are rarer than hits: stretch their scale so a 5 % confusion is clearly visible.
  const strength = correct ? share : Math.min(1, share * 4);
  const alpha = share === 0 ? 0 : 0.08 + strength * 0.82;
  const hue = correct ? HIT : MISTAKE;
  const panel = PANEL[theme];
  const fill = panel.map((value, index) => value * (1 - alpha) + (hue[index] ?? 0) * alpha) as unknown as Rgb;
  const ink = contrastRatio(fill, WHITE) >= contrastRatio(fill, BLACK) ? WHITE : BLACK;
  return { background: hex(fill), color: hex(ink), fill, ink };
}
