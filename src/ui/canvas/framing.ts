/**
 * Where the canvas looks: the rules for framing a graph in the space the canvas has. A graph is
 * shown whole when it fits at a zoom where cards can still be read; otherwise its beginning (the
 * data side) is shown at a readable zoom and the rest is a pan away. The corners the zoom buttons
 * take are kept free, so they never sit on a card.
 */
import type { Viewport } from '@xyflow/react';

/** Cards' 11–12 px text stays legible (≥ 9 px on screen) from this zoom up. */
export const READABLE_ZOOM = 0.8;
/** Below this a whole-graph fit is not worth it: the beginning is shown at READABLE_ZOOM instead. */
export const MIN_FIT_ZOOM = 0.5;
/** A small graph is not blown up beyond its natural size. */
export const MAX_FIT_ZOOM = 1;
/**
 * Screen pixels kept free around a framed graph; the left side holds the zoom buttons. Top and
 * bottom stay small: with the training panel open in a 1280×720 window the canvas is 384 px high,
 * and the CNN preset (442 px at zoom 1) needs 10 px margins to stay at READABLE_ZOOM (16 px gave 0.796).
 */
export const FRAME_PADDING = { top: 10, right: 24, bottom: 10, left: 64 } as const;
/**
 * The widest a preset's layout may be (canvas units): three layers of cards, so that a preset fits
 * the narrowest editor (1024 px wide) at READABLE_ZOOM.
 */
export const PRESET_LAYOUT_WIDTH = 620;

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Area {
  width: number;
  height: number;
}

/** The zoom at which `bounds` fills the padded `area`, capped at MAX_FIT_ZOOM. */
export function fitZoom(bounds: Box, area: Area): number {
  const width = area.width - FRAME_PADDING.left - FRAME_PADDING.right;
  const height = area.height - FRAME_PADDING.top - FRAME_PADDING.bottom;
  if (bounds.width <= 0 || bounds.height <= 0) return MAX_FIT_ZOOM;
  return Math.min(MAX_FIT_ZOOM, width / bounds.width, height / bounds.height);
}

/** The viewport that frames `bounds` in `area`: whole and centred when it can be, else its left end. */
export function frameViewport(bounds: Box, area: Area): Viewport {
  const zoom = fitZoom(bounds, area);
  const innerWidth = area.width - FRAME_PADDING.left - FRAME_PADDING.right;
  const innerHeight = area.height - FRAME_PADDING.top - FRAME_PADDING.bottom;
  if (zoom >= MIN_FIT_ZOOM) {
    return {
      x: FRAME_PADDING.left + (innerWidth - bounds.width * zoom) / 2 - bounds.x * zoom,
      y: FRAME_PADDING.top + (innerHeight - bounds.height * zoom) / 2 - bounds.y * zoom,
      zoom,
    };
  }
  const readable = READABLE_ZOOM;
  const fitsHeight = bounds.height * readable <= innerHeight;
  return {
    x: FRAME_PADDING.left - bounds.x * readable,
    y: fitsHeight
      ? FRAME_PADDING.top + (innerHeight - bounds.height * readable) / 2 - bounds.y * readable
      : FRAME_PADDING.top - bounds.y * readable,
    zoom: readable,
  };
}
