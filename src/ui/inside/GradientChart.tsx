/**
 * The size of one node's gradient, ‖∂E/∂w‖ per measured batch, on a log scale, with every other
 * layer's faint behind it: vanishing gradients show as the early layers' lines lying orders of
 * magnitude below the last one's. Drawn on a canvas outside React, at most five times a second,
 * from the LayerSeries (`data-points` counts this node's measured batches, for the browser tests).
 */
import { useEffect, useRef } from 'react';
import type { LayerSeries } from './layerSeries';

const PADDING = { left: 40, right: 8, top: 8, bottom: 18 };
const MIN_REDRAW_MS = 200;
const FONT = '10px system-ui, -apple-system, "Segoe UI", "Hiragino Sans", "Noto Sans JP", sans-serif';

function draw(canvas: HTMLCanvasElement, series: LayerSeries, node: string, width: number, height: number): void {
  const context = canvas.getContext('2d');
  if (!context || width <= 0 || height <= 0) return;
  const ratio = window.devicePixelRatio || 1;
  if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
  }
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, width, height);
  const own = series.of(node)?.gradient;
  canvas.dataset.points = String(own?.length ?? 0);
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (const each of series.nodes()) {
    const gradient = series.of(each)?.gradient;
    for (let index = 0; gradient && index < gradient.length; index++) {
      const value = gradient.y(index);
      if (!(value > 0)) continue;
      const log = Math.log10(value);
      if (log < low) low = log;
      if (log > high) high = log;
    }
  }
  if (!Number.isFinite(low)) return;
  low = Math.floor(low);
  high = Math.max(low + 1, Math.ceil(high));
  const plotWidth = width - PADDING.left - PADDING.right;
  const plotHeight = height - PADDING.top - PADDING.bottom;
  const toX = (x: number) => PADDING.left + (x / Math.max(1, series.epochs)) * plotWidth;
  const toY = (value: number) => PADDING.top + (1 - (Math.log10(value) - low) / (high - low)) * plotHeight;

  context.font = FONT;
  context.textAlign = 'right';
  context.textBaseline = 'middle';
  const step = Math.max(1, Math.ceil((high - low) / 4));
  for (let power = low; power <= high; power += step) {
    const y = Math.round(toY(10 ** power)) + 0.5;
    context.strokeStyle = '#e8ebf0';
    context.beginPath();
    context.moveTo(PADDING.left, y);
    context.lineTo(width - PADDING.right, y);
    context.stroke();
    context.fillStyle = '#687385';
    context.fillText(`1e${power}`, PADDING.left - 4, y);
  }
  context.textAlign = 'center';
  context.textBaseline = 'top';
  for (let epoch = 0; epoch <= series.epochs; epoch += Math.max(1, Math.ceil(series.epochs / 5))) {
    context.fillText(String(epoch), toX(epoch), height - PADDING.bottom + 4);
  }

  const line = (points: NonNullable<typeof own>, colour: string, lineWidth: number) => {
    context.beginPath();
    context.strokeStyle = colour;
    context.lineWidth = lineWidth;
    let started = false;
    for (let index = 0; index < points.length; index++) {
      const value = points.y(index);
      if (!(value > 0)) continue;
      const x = toX(points.x(index));
      const y = toY(value);
      if (started) context.lineTo(x, y);
      else context.moveTo(x, y);
      started = true;
    }
    if (points.length === 1) context.arc(toX(points.x(0)), toY(points.y(0)), 1.5, 0, Math.PI * 2);
    context.stroke();
  };
  for (const each of series.nodes()) {
    const gradient = series.of(each)?.gradient;
    if (each !== node && gradient) line(gradient, 'rgba(104, 115, 133, 0.35)', 1);
  }
  if (own) line(own, '#c2410c', 2);
}

interface GradientChartProps {
  series: LayerSeries;
  node: string;
  label: string;
}

export function GradientChart({ series, node, label }: GradientChartProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = canvasRef.current;
    const box = canvas?.parentElement;
    if (!canvas || !box) return;
    let size = { width: box.clientWidth, height: box.clientHeight };
    let frame = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let drawnAt = Number.NEGATIVE_INFINITY;
    const paint = () => {
      frame = 0;
      drawnAt = performance.now();
      draw(canvas, series, node, size.width, size.height);
    };
    const request = () => {
      if (frame === 0) frame = requestAnimationFrame(paint);
    };
    const requestForData = () => {
      if (frame !== 0 || timer !== undefined) return;
      const wait = MIN_REDRAW_MS - (performance.now() - drawnAt);
      if (wait <= 0) request();
      else {
        timer = setTimeout(() => {
          timer = undefined;
          request();
        }, wait);
      }
    };
    const unsubscribe = series.subscribe(requestForData);
    const observer = new ResizeObserver((entries) => {
      const entry = entries[entries.length - 1];
      if (!entry) return;
      size = { width: entry.contentRect.width, height: entry.contentRect.height };
      request();
    });
    observer.observe(box);
    request();
    return () => {
      unsubscribe();
      observer.disconnect();
      if (frame !== 0) cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [series, node]);
  return (
    <div className="inside-gradient-box">
      <canvas ref={canvasRef} className="inside-gradient-canvas" role="img" aria-label={label} data-testid="inside-gradient-chart" data-points="0" />
    </div>
  );
}
