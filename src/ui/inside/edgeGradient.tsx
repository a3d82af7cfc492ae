/**
 * The canvas's wires coloured by gradient size (a toggle): a wire takes the colour of the gradient
 * norm of the layer it comes out of — the δ of that layer flows back along it — or, out of a node
 * without weights (an activation, a flatten), of the nearest layer with weights before it. Pale
 * blue and thin for a tiny gradient, red and thick for a large one, on a log scale, so a deep
 * sigmoid network's wires fade towards the input. Self-contained: the edge component calls
 * useEdgeGradientStyle(edgeId), the canvas shows <EdgeGradientLegend/>; both do nothing while off.
 */
import { Panel } from '@xyflow/react';
import { type CSSProperties, useSyncExternalStore } from 'react';
import { kairoStore, selectAnalysis, useKairo } from '../../store/index';
import type { KairoState } from '../../store/types';
import { trainingSession } from '../training/useTrainingSession';
import { useT } from '../useT';
import { cssColour, type Rgb } from './colourScale';
import { formatValue } from './numberText';

/** The log10 range the colours span: 1e−6 (vanished) to 1 (large). */
const LOG_LOW = -6;
const LOG_HIGH = 0;
/** Wires recolour at most this often (each recolour re-renders the wires). */
const RECOLOUR_MS = 500;

const SMALL: Rgb = [191, 203, 224];
const MIDDLE: Rgb = [234, 163, 60];
const LARGE: Rgb = [200, 30, 30];

function blend(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

/** 0 (≤ 1e−6) … 1 (≥ 1): where a gradient norm sits on the log scale. */
export function gradientLevel(norm: number): number {
  if (!(norm > 0)) return 0;
  return Math.max(0, Math.min(1, (Math.log10(norm) - LOG_LOW) / (LOG_HIGH - LOG_LOW)));
}

export function gradientStroke(norm: number): { stroke: string; strokeWidth: number } {
  const level = gradientLevel(norm);
  const colour = level < 0.5 ? blend(SMALL, MIDDLE, level * 2) : blend(MIDDLE, LARGE, (level - 0.5) * 2);
  return { stroke: cssColour(colour), strokeWidth: 1.2 + level * 4.5 };
}

/** The node whose gradient colours the wire: its source if it has weights, else the nearest one before it with weights. */
function gradientNodeOf(state: KairoState, edgeId: string): string | undefined {
  const analysis = selectAnalysis(state);
  let node = state.graph.edges.find((edge) => edge.id === edgeId)?.source;
  const seen = new Set<string>();
  while (node !== undefined && !seen.has(node)) {
    seen.add(node);
    if ((analysis.nodes[node]?.params ?? 0) > 0) return node;
    const inputs = Object.values(analysis.resolved[node]?.inputs ?? {});
    node = inputs.length === 1 ? inputs[0]?.source : undefined;
  }
  return undefined;
}

// One throttled snapshot of the latest norms for every wire, so a stream of measurements re-renders the wires twice a second at most.
let snapshot = 0;
let lastPublished = Number.NEGATIVE_INFINITY;
let timer: ReturnType<typeof setTimeout> | undefined;
const listeners = new Set<() => void>();
let unsubscribeSeries: (() => void) | undefined;

function publish(): void {
  timer = undefined;
  lastPublished = performance.now();
  snapshot++;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  unsubscribeSeries ??= trainingSession.layers.subscribe(() => {
    if (timer !== undefined) return;
    timer = setTimeout(publish, Math.max(0, RECOLOUR_MS - (performance.now() - lastPublished)));
  });
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      unsubscribeSeries?.();
      unsubscribeSeries = undefined;
      clearTimeout(timer);
      timer = undefined;
    }
  };
}

const getSnapshot = () => snapshot;
const noSubscription = () => () => {};

/** The wire's stroke while colouring by gradient is on and its layer has been measured; undefined otherwise. */
export function useEdgeGradientStyle(edgeId: string): CSSProperties | undefined {
  const on = useKairo((state) => state.edgeGradients);
  const node = useKairo((state) => (state.edgeGradients ? gradientNodeOf(state, edgeId) : undefined));
  useSyncExternalStore(on ? subscribe : noSubscription, getSnapshot);
  if (!on || node === undefined) return undefined;
  const norm = trainingSession.layers.latest.get(node)?.gradNorm;
  if (norm === undefined) return undefined;
  return { ...gradientStroke(norm), opacity: 1 };
}

/**
 * On the canvas, once there is a trained model: the toggle, and while on the legend of the colours.
 * A keyboard user reaches it like any button; the inspector's gradient chart has the same toggle.
 */
export function EdgeGradientControl() {
  const t = useT();
  const on = useKairo((state) => state.edgeGradients);
  const available = useKairo((state) => state.modelReady);
  if (!available && !on) return null;
  const stops = [-6, -4, -2, 0];
  return (
    <Panel position="top-right" className="inside-legend" data-testid="edge-gradient-control">
      <button
        type="button"
        className={`inside-legend-toggle${on ? ' is-on' : ''}`}
        aria-pressed={on}
        onClick={() => kairoStore.getState().setEdgeGradients(!on)}
        title={t('inside.legendHint')}
        data-testid="edge-gradient-toggle"
      >
        {t('inside.edgeToggle')}
      </button>
      {on ? (
        <span className="inside-legend-scale" data-testid="edge-gradient-legend">
          {stops.map((power) => {
            const stroke = gradientStroke(10 ** power);
            return (
              <span key={power} className="inside-legend-stop">
                <svg width="28" height="10" aria-hidden="true">
                  <line x1="0" x2="28" y1="5" y2="5" stroke={stroke.stroke} strokeWidth={stroke.strokeWidth} />
                </svg>
                {formatValue(10 ** power)}
              </span>
            );
          })}
        </span>
      ) : null}
    </Panel>
  );
}
