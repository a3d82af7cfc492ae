/**
 * A live line chart of one metric (loss or accuracy) on a canvas: the raw per-batch values faint,
 * their smoothed trend solid, validation per epoch as dots. It never re-renders through React while
 * training: it listens to the TrainingSeries and redraws in an animation frame, at most ten times a
 * second, so a stream of events cannot pile up work on the main thread. The x axis spans the run so
 * far (rounded up to a tidy value), not all the epochs planned, so a first long epoch is a curve and
 * not a sliver at x = 0. On the canvas, `data-points` counts the points drawn (one per pixel column
 * at most), `data-batch-points` the batches in the drawn series, `data-x-max` the axis's end and
 * `data-x-reached` the latest x, in epochs (the browser tests read them). Colours come from the
 * stylesheet's variables, so the chart follows the theme.
 */
import { useEffect, useRef } from 'react';
import { cssColour, useTheme } from '../theme';
import type { MetricName, PointSeries, TrainingSeries } from './trainingSeries';

interface ChartColours {
  raw: string;
  smoothed: string;
  validation: string;
  grid: string;
  axis: string;
  label: string;
}

function chartColours(element: Element): ChartColours {
  return {
    raw: cssColour(element, '--chart-raw', 'rgba(54, 87, 214, 0.28)'),
    smoothed: cssColour(element, '--chart-train', '#3657d6'),
    validation: cssColour(element, '--chart-validation', '#e07b24'),
    grid: cssColour(element, '--chart-grid', '#e8ebf0'),
    axis: cssColour(element, '--chart-axis', '#cdd3dc'),
    label: cssColour(element, '--chart-label', '#5d6878'),
  };
}

/** Tidy ends for the axis: close enough together that the curve always fills most of it. */
const TIDY_FACTORS = [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10];

/** The smallest tidy number (1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten) at or above `value`. */
export function tidyCeiling(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  // toPrecision: 1.5 × 0.1 is 0.15, not 0.15000000000000002.
  return TIDY_FACTORS.map((factor) => Number((factor * power).toPrecision(12))).find((candidate) => candidate >= value - 1e-12) ?? power * 10;
}

/** The x axis's end: the run so far with a little room ahead, tidied, never beyond the epochs planned. */
export function axisEnd(reached: number, planned: number): number {
  if (!(reached > 0)) return Math.min(1, Math.max(planned, 0.1));
  return Math.min(Math.max(planned, reached), tidyCeiling(reached * 1.08));
}

function lastX(series: PointSeries): number {
  return series.length === 0 ? 0 : series.x(series.length - 1);
}
const PADDING = { left: 40, right: 10, top: 8, bottom: 20 };
const MIN_REDRAW_MS = 100;
const FONT = '10.5px system-ui, -apple-system, "Segoe UI", "Hiragino Sans", "Noto Sans JP", sans-serif';

/** Round tick values covering [low, high] (about `count` of them). */
function niceTicks(low: number, high: number, count: number): number[] {
  const span = high - low;
  if (!(span > 0)) return [low];
  const rough = span / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= rough) ?? power * 10;
  const ticks: number[] = [];
  for (let value = Math.ceil(low / step - 1e-9) * step; value <= high + step * 1e-6; value += step) {
    ticks.push(Math.abs(value) < step * 1e-9 ? 0 : value);
  }
  return ticks;
}

/** As few decimals as the step needs (0.25 keeps two, 0.2 one, 5 none). */
function tickLabel(value: number, step: number): string {
  let decimals = 0;
  while (decimals < 4 && Math.abs(Math.round(step * 10 ** decimals) - step * 10 ** decimals) > 1e-6) decimals++;
  return value.toFixed(decimals);
}

function seriesExtent(series: PointSeries, into: { min: number; max: number }): void {
  for (let index = 0; index < series.length; index++) {
    const value = series.y(index);
    if (!Number.isFinite(value)) continue;
    if (value < into.min) into.min = value;
    if (value > into.max) into.max = value;
  }
}

interface Frame {
  width: number;
  height: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

function toX(frame: Frame, x: number): number {
  return PADDING.left + (x / frame.xMax) * (frame.width - PADDING.left - PADDING.right);
}

function toY(frame: Frame, y: number): number {
  const plotHeight = frame.height - PADDING.top - PADDING.bottom;
  return PADDING.top + (1 - (y - frame.yMin) / (frame.yMax - frame.yMin)) * plotHeight;
}

/** Draws a line through the series, skipping points that land on the same pixel column. Returns points drawn. */
function drawLine(context: CanvasRenderingContext2D, frame: Frame, series: PointSeries, color: string, width: number): number {
  if (series.length === 0) return 0;
  context.beginPath();
  context.strokeStyle = color;
  context.lineWidth = width;
  context.lineJoin = 'round';
  let lastColumn = Number.NEGATIVE_INFINITY;
  let drawn = 0;
  for (let index = 0; index < series.length; index++) {
    const px = toX(frame, series.x(index));
    const isLast = index === series.length - 1;
    if (px - lastColumn < 0.5 && !isLast) continue;
    const py = toY(frame, series.y(index));
    if (drawn === 0) context.moveTo(px, py);
    else context.lineTo(px, py);
    lastColumn = px;
    drawn++;
  }
  if (drawn === 1) {
    // One point is no line: show it as a dot.
    context.fillStyle = color;
    context.fillRect(toX(frame, series.x(0)) - 1.5, toY(frame, series.y(0)) - 1.5, 3, 3);
  }
  context.stroke();
  return drawn;
}

function drawChart(canvas: HTMLCanvasElement, series: TrainingSeries, metric: MetricName, width: number, height: number): void {
  const COLORS = chartColours(canvas);
  const context = canvas.getContext('2d');
  if (!context || width <= 0 || height <= 0) return;
  const ratio = window.devicePixelRatio || 1;
  const pixelWidth = Math.round(width * ratio);
  const pixelHeight = Math.round(height * ratio);
  if (canvas.width !== pixelWidth || canvas.height !== pixelHeight) {
    canvas.width = pixelWidth;
    canvas.height = pixelHeight;
  }
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, width, height);

  const lines = series.metric(metric);
  if (lines.batch.length === 0 && lines.validation.length === 0) {
    // Nothing to show yet: an empty plot (the panel says why) rather than axes without data.
    canvas.dataset.points = '0';
    canvas.dataset.batchPoints = '0';
    canvas.dataset.validationPoints = '0';
    canvas.dataset.xMax = '0';
    canvas.dataset.xReached = '0';
    return;
  }
  // The scale follows the trend and validation; a raw outlier is clipped rather than squashing the rest.
  const extent = { min: Number.POSITIVE_INFINITY, max: Number.NEGATIVE_INFINITY };
  seriesExtent(lines.smoothed, extent);
  seriesExtent(lines.validation, extent);
  let yMin: number;
  let yMax: number;
  if (metric === 'accuracy') {
    yMax = 1;
    yMin = Number.isFinite(extent.min) ? Math.max(0, Math.min(0.9, Math.floor(extent.min * 10) / 10)) : 0;
  } else {
    yMin = 0;
    yMax = Number.isFinite(extent.max) && extent.max > 0 ? extent.max * 1.08 : 1;
  }
  const reached = Math.max(lastX(lines.batch), lastX(lines.validation));
  const frame: Frame = { width, height, xMax: axisEnd(reached, series.epochs), yMin, yMax };
  canvas.dataset.xMax = String(frame.xMax);
  canvas.dataset.xReached = String(reached);
  const plotRight = width - PADDING.right;
  const plotBottom = height - PADDING.bottom;

  context.font = FONT;
  context.lineWidth = 1;
  const yTicks = niceTicks(yMin, yMax, 4);
  const yStep = yTicks.length > 1 ? (yTicks[1] as number) - (yTicks[0] as number) : 1;
  context.textAlign = 'right';
  context.textBaseline = 'middle';
  for (const tick of yTicks) {
    const py = Math.round(toY(frame, tick)) + 0.5;
    context.strokeStyle = COLORS.grid;
    context.beginPath();
    context.moveTo(PADDING.left, py);
    context.lineTo(plotRight, py);
    context.stroke();
    context.fillStyle = COLORS.label;
    context.fillText(tickLabel(tick, yStep), PADDING.left - 6, py);
  }
  const xTicks = niceTicks(0, frame.xMax, Math.min(6, Math.max(2, Math.floor((width - PADDING.left) / 70))));
  const xStep = xTicks.length > 1 ? (xTicks[1] as number) - (xTicks[0] as number) : 1;
  context.textAlign = 'center';
  context.textBaseline = 'top';
  for (const tick of xTicks) {
    const px = Math.round(toX(frame, tick)) + 0.5;
    context.strokeStyle = COLORS.axis;
    context.beginPath();
    context.moveTo(px, plotBottom);
    context.lineTo(px, plotBottom + 4);
    context.stroke();
    context.fillStyle = COLORS.label;
    context.fillText(tickLabel(tick, xStep), px, plotBottom + 6);
  }
  context.strokeStyle = COLORS.axis;
  context.beginPath();
  context.moveTo(PADDING.left, plotBottom + 0.5);
  context.lineTo(plotRight, plotBottom + 0.5);
  context.stroke();

  context.save();
  context.beginPath();
  context.rect(PADDING.left, PADDING.top - 2, plotRight - PADDING.left, plotBottom - PADDING.top + 2);
  context.clip();
  let points = drawLine(context, frame, lines.batch, COLORS.raw, 1);
  drawLine(context, frame, lines.smoothed, COLORS.smoothed, 2);
  if (lines.validation.length > 0) {
    points += drawLine(context, frame, lines.validation, COLORS.validation, 2);
    context.fillStyle = COLORS.validation;
    for (let index = 0; index < lines.validation.length; index++) {
      context.beginPath();
      context.arc(toX(frame, lines.validation.x(index)), toY(frame, lines.validation.y(index)), 3.5, 0, Math.PI * 2);
      context.fill();
    }
  }
  context.restore();
  canvas.dataset.points = String(points);
  canvas.dataset.batchPoints = String(lines.batch.length);
  canvas.dataset.validationPoints = String(lines.validation.length);
}

interface MetricChartProps {
  series: TrainingSeries;
  metric: MetricName;
  label: string;
  testId: string;
}

export function MetricChart({ series, metric, label, testId }: MetricChartProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const theme = useTheme((state) => state.theme);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a theme change redraws; each draw reads the colours from the stylesheet.
  useEffect(() => {
    const canvas = canvasRef.current;
    const box = canvas?.parentElement;
    if (!canvas || !box) return;
    let size = { width: box.clientWidth, height: box.clientHeight };
    let frame = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let drawnVersion = -1;
    let drawnAt = Number.NEGATIVE_INFINITY;
    const draw = () => {
      frame = 0;
      drawnVersion = series.version;
      drawnAt = performance.now();
      drawChart(canvas, series, metric, size.width, size.height);
    };
    const request = () => {
      if (frame === 0) frame = requestAnimationFrame(draw);
    };
    // New points redraw at most every MIN_REDRAW_MS: each redraw is a frame the page must paint,
    // and the curve reads just as well at ten updates a second.
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
    const unsubscribe = series.subscribe(() => {
      if (series.version !== drawnVersion) requestForData();
    });
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
  }, [series, metric, theme]);

  return (
    <div className="tp-chart-box">
      <canvas ref={canvasRef} className="tp-chart-canvas" role="img" aria-label={label} data-testid={testId} data-points="0" />
    </div>
  );
}
