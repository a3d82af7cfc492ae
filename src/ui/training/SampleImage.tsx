/**
 * One image sample drawn on a small canvas at its own size ([h, w, c], c = 1 or 3): a test sample
 * from the data set, or the drawing pad's prepared input. Ink samples (MNIST-style drawings, where
 * 1 is a full stroke) are drawn dark on light paper; other images as they are.
 */
import { useEffect, useRef } from 'react';

interface SampleImageProps {
  /** [height, width, channels]. */
  shape: readonly number[];
  /** height × width × channels values, row-major, channels last: bytes 0..255 or floats 0..1. */
  pixels: Uint8Array | Float32Array;
  ink: boolean;
  label: string;
  className?: string;
}

export function SampleImage({ shape, pixels, ink, label, className }: SampleImageProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [height = 0, width = 0, channels = 1] = shape;
  useEffect(() => {
    const context = canvasRef.current?.getContext('2d');
    if (!context || width <= 0 || height <= 0) return;
    const image = context.createImageData(width, height);
    const scale = pixels instanceof Uint8Array ? 1 : 255;
    const value = (index: number) => Math.min(255, Math.max(0, (pixels[index] ?? 0) * scale));
    for (let pixel = 0; pixel < width * height; pixel++) {
      const out = pixel * 4;
      if (channels >= 3) {
        image.data[out] = value(pixel * channels);
        image.data[out + 1] = value(pixel * channels + 1);
        image.data[out + 2] = value(pixel * channels + 2);
      } else if (ink) {
        const amount = value(pixel * channels);
        const shade = 255 - amount * 0.9;
        image.data[out] = shade - amount * 0.02;
        image.data[out + 1] = shade;
        image.data[out + 2] = shade + amount * 0.05;
      } else {
        const grey = value(pixel * channels);
        image.data[out] = grey;
        image.data[out + 1] = grey;
        image.data[out + 2] = grey;
      }
      image.data[out + 3] = 255;
    }
    context.putImageData(image, 0, 0);
  }, [pixels, width, height, channels, ink]);
  return (
    <canvas
      ref={canvasRef}
      className={`tp-digit${className ? ` ${className}` : ''}`}
      width={width}
      height={height}
      role="img"
      aria-label={label}
    />
  );
}
