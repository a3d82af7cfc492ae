/**
 * The chosen runs' curves on one chart, one colour per run: validation accuracy or loss per epoch,
 * or the smoothed training curve per batch. `data-lines` counts the runs drawn (the browser tests
 * read it).
 */
import { useEffect, useRef } from 'react';
import type { RunRecord } from '../../storage/runs';

export type OverlayMetric = 'valAccuracy' | 'valLoss' | 'trainAccuracy' | 'trainLoss';
export const OVERLAY_METRICS: readonly OverlayMetric[] = ['valAccuracy', 'valLoss', 'trainAccuracy', 'trainLoss'];

/** Colours of the runs, in the order they are listed (distinct for the first eight). */
export const RUN_COLOURS = ['#3657d6', '#e07b24', '#1f8a5b', '#d03b3b', '#8b5cf6', '#0e9384', '#b7791f', '#d6456a'];

export function runColour(index: number): string {
  return RUN_COLOURS[index % RUN_COLOURS.length] as string;
}

/** The points of one run for a metric, x in epochs. */
export function runPoints(run: RunRecord, metric: OverlayMetric): [number, number][] {
  switch (metric) {
    case 'valAccuracy':
      return run.epochs.flatMap((epoch) => (epoch.valAccuracy === undefined ? [] : [[epoch.epoch, epoch.valAccuracy] as [number, number]]));
    case 'valLoss':
      return run.epochs.flatMap((epoch) => (epoch.valLoss === undefined ? [] : [[epoch.epoch, epoch.valLoss] as [number, number]]));
    case 'trainAccuracy':
      return run.curve.map((point) => [point.x, point.accuracy]);
    case 'trainLoss':
      return run.curve.map((point) => [point.x, point.loss]);
  }
}

const PADDING = { left: 40, right: 10, top: 8, bottom: 20 };

interface RunOverlayChartProps {
  runs: readonly { run: RunRecord; colour: string }[];
  metric: OverlayMetric;
  label: string;
}

export function RunOverlayChart({ runs, metric, label }: RunOverlayChartProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = canvasRef.current;
    const box = canvas?.parentElement;
    const context = canvas?.getContext('2d');
    if (!canvas || !box || !context) return;
    const paint = () => {
      const width = box.clientWidth;
      const height = box.clientHeight;
      const ratio = window.devicePixelRatio || 1;
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
      context.setTransform(ratio, 0, 0, ratio, 0, 0);
      context.clearRect(0, 0, width, height);
      const lines = runs.map(({ run, colour }) => ({ colour, points: runPoints(run, metric).filter(([, y]) => Number.isFinite(y)) }));
      const drawn = lines.filter((line) => line.points.length > 0);
      canvas.dataset.lines = String(drawn.length);
      if (drawn.length === 0) return;
      const xs = drawn.flatMap((line) => line.points.map(([x]) => x));
      const ys = drawn.flatMap((line) => line.points.map(([, y]) => y));
      const accuracy = metric === 'valAccuracy' || metric === 'trainAccuracy';
      const xMax = Math.max(1, ...xs);
      const yMin = accuracy ? Math.max(0, Math.floor(Math.min(...ys) * 10) / 10) : 0;
      const yMax = accuracy ? 1 : Math.max(...ys) * 1.08 || 1;
      const toX = (x: number) => PADDING.left + (x / xMax) * (width - PADDING.left - PADDING.right);
      const toY = (y: number) => PADDING.top + (1 - (y - yMin) / (yMax - yMin || 1)) * (height - PADDING.top - PADDING.bottom);
      context.font = '10.5px system-ui, -apple-system, "Segoe UI", "Hiragino Sans", "Noto Sans JP", sans-serif';
      context.fillStyle = '#687385';
      context.strokeStyle = '#e8ebf0';
      context.textAlign = 'right';
      context.textBaseline = 'middle';
      for (let tick = 0; tick <= 4; tick++) {
        const value = yMin + ((yMax - yMin) * tick) / 4;
        const y = Math.round(toY(value)) + 0.5;
        context.beginPath();
        context.moveTo(PADDING.left, y);
        context.lineTo(width - PADDING.right, y);
        context.stroke();
        context.fillText(value.toFixed(accuracy ? 2 : yMax < 1 ? 2 : 1), PADDING.left - 5, y);
      }
      context.textAlign = 'center';
      context.textBaseline = 'top';
      const xStep = Math.max(1, Math.ceil(xMax / 8));
      for (let epoch = 0; epoch <= xMax; epoch += xStep) context.fillText(String(epoch), toX(epoch), height - PADDING.bottom + 5);
      for (const line of drawn) {
        context.strokeStyle = line.colour;
        context.fillStyle = line.colour;
        context.lineWidth = 2;
        context.beginPath();
        line.points.forEach(([x, y], index) => {
          if (index === 0) context.moveTo(toX(x), toY(y));
          else context.lineTo(toX(x), toY(y));
        });
        context.stroke();
        if (metric === 'valAccuracy' || metric === 'valLoss') {
          for (const [x, y] of line.points) {
            context.beginPath();
            context.arc(toX(x), toY(y), 3, 0, Math.PI * 2);
            context.fill();
          }
        }
      }
    };
    paint();
    const observer = new ResizeObserver(paint);
    observer.observe(box);
    return () => observer.disconnect();
  }, [runs, metric]);
  return (
    <div className="runs-chart-box">
      <canvas ref={canvasRef} role="img" aria-label={label} data-testid="runs-chart" data-lines="0" />
    </div>
  );
}
