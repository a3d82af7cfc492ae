/** A 28×28 grey image (MNIST test image, or the drawing pad's prepared digit) drawn on a small canvas. */
import { useEffect, useRef } from 'react';

const SIZE = 28;

interface DigitImageProps {
  /** 784 ink values, row-major: bytes 0..255 (Uint8Array) or floats 0..1 (Float32Array). */
  pixels: Uint8Array | Float32Array;
  label: string;
  className?: string;
}

export function DigitImage({ pixels, label, className }: DigitImageProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = canvasRef.current?.getContext('2d');
    if (!context) return;
    const image = context.createImageData(SIZE, SIZE);
    const scale = pixels instanceof Uint8Array ? 1 : 255;
    for (let index = 0; index < SIZE * SIZE; index++) {
      const ink = Math.min(255, Math.max(0, (pixels[index] ?? 0) * scale));
      // Dark ink on white paper (MNIST stores ink as brightness: 255 = full stroke).
      const shade = 255 - ink * 0.9;
      image.data[index * 4] = shade - ink * 0.02;
      image.data[index * 4 + 1] = shade;
      image.data[index * 4 + 2] = shade + ink * 0.05;
      image.data[index * 4 + 3] = 255;
    }
    context.putImageData(image, 0, 0);
  }, [pixels]);
  return (
    <canvas
      ref={canvasRef}
      className={`tp-digit${className ? ` ${className}` : ''}`}
      width={SIZE}
      height={SIZE}
      role="img"
      aria-label={label}
    />
  );
}
