/**
 * A small picture of numbers: `height` × `width` pixels, each coloured by `colourAt(row, col)` (or
 * given as RGB bytes), drawn on a canvas at its own size and scaled up by CSS without smoothing,
 * so one value stays one crisp square.
 */
import { memo, useEffect, useRef } from 'react';
import type { Rgb } from './colourScale';

interface PixelCanvasProps {
  height: number;
  width: number;
  colourAt(row: number, col: number): Rgb;
  /** Changes whenever the picture does (colourAt is a new function on every render). */
  version: unknown;
  label: string;
  /** Displayed size of the longer side, CSS pixels. */
  size: number;
  className?: string;
  testId?: string;
  data?: Record<string, string>;
}

function PixelCanvasImpl({ height, width, colourAt, version, label, size, className, testId, data }: PixelCanvasProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const colourRef = useRef(colourAt);
  colourRef.current = colourAt;
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` marks a new picture; colourAt is read through the ref.
  useEffect(() => {
    const context = canvasRef.current?.getContext('2d');
    if (!context || height <= 0 || width <= 0) return;
    const image = context.createImageData(width, height);
    for (let row = 0; row < height; row++) {
      for (let col = 0; col < width; col++) {
        const [r, g, b] = colourRef.current(row, col);
        const out = (row * width + col) * 4;
        image.data[out] = r;
        image.data[out + 1] = g;
        image.data[out + 2] = b;
        image.data[out + 3] = 255;
      }
    }
    context.putImageData(image, 0, 0);
  }, [height, width, version]);
  const scale = size / Math.max(height, width, 1);
  const dataAttributes = Object.fromEntries(Object.entries(data ?? {}).map(([key, value]) => [`data-${key}`, value]));
  return (
    <canvas
      ref={canvasRef}
      className={`pixel-canvas${className ? ` ${className}` : ''}`}
      width={width}
      height={height}
      style={{ width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) }}
      role="img"
      aria-label={label}
      data-testid={testId}
      {...dataAttributes}
    />
  );
}

export const PixelCanvas = memo(PixelCanvasImpl);
