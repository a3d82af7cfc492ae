/** How big a node's card is drawn, known without drawing it (for layout and placement). */
import { getNodeDefinition } from '../../nodes/index';

export interface LayoutSize {
  width: number;
  height: number;
}

/** A card's width on the canvas (fixed by the stylesheet). */
export const CARD_WIDTH = 172;

/**
 * The size a node's card is drawn at, from its definition alone (the stylesheet's rows: title,
 * summary, one row per port pair, an activation curve). Measured sizes are better when there are any.
 */
export function estimateCardSize(type: string): LayoutSize {
  const definition = getNodeDefinition(type);
  if (!definition) return { width: CARD_WIDTH, height: 48 };
  const portRows = Math.max(1, definition.inputs.length, definition.outputs.length);
  const compact = definition.inputs.length <= 1 && definition.outputs.length <= 1;
  const summary = definition.summary ? 17 : 0;
  const curve = definition.preview ? 44 : 0;
  // Title row 29 px, a summary line 17, one row of ports 22 (each further row 19).
  return { width: CARD_WIDTH, height: 29 + summary + curve + (compact ? 22 : portRows * 19 + 4) };
}
