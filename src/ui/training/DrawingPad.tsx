/**
 * Write a digit with the mouse, a pen or a finger and see what the trained network makes of it.
 * The drawing is prepared like MNIST (preprocessDigit: cropped, scaled, centred by mass in a square
 * field of the model's input size) and sent to the worker's predict; the probabilities update while
 * drawing, with at most one prediction in flight (newer strokes replace a waiting one). The pad
 * makes square grey images only; for a model that takes anything else it says so.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { formatShape } from '../../engine/failures';
import { useKairo } from '../../store/index';
import { selectResultIsCurrent } from '../../store/runStatus';
import type { PredictOutcome } from '../../worker/api';
import { LookInsideButton } from '../inside/InsidePick';
import { useT } from '../useT';
import { inkFromRgba, preprocessDigit } from './preprocessDigit';
import { SampleImage } from './SampleImage';
import { ProbabilityBars } from './ProbabilityBars';
import { StaleNote, useResultIsStale } from './StaleNote';
import { describeEngineMessage } from './trainingText';
import { trainingSession } from './useTrainingSession';

/** The pad's raster (its CSS size is smaller; a finer raster keeps strokes smooth). */
const PAD_PIXELS = 280;
/** Pen width in raster pixels: about MNIST's stroke-to-height ratio for a digit drawn across most of the pad. */
const PEN_WIDTH = 20;
const INK = '#1b2330';

/** The side of the square grey image the model takes ([n, n, 1]), or undefined when the pad cannot draw its input. */
function drawableSide(sampleShape: readonly number[] | undefined): number | undefined {
  if (sampleShape?.length !== 3) return undefined;
  const [height, width, channels] = sampleShape;
  return height !== undefined && height > 0 && height === width && channels === 1 ? height : undefined;
}

export function DrawingPad() {
  const t = useT();
  // A model whose graph has changed is never asked: its answer would be about a network no longer drawn.
  const current = useKairo(selectResultIsCurrent);
  const modelReady = useKairo((state) => state.modelReady) && current;
  const stale = useResultIsStale();
  const model = useKairo((state) => state.model);
  const sampleShape = model?.plan.sampleShape;
  const side = drawableSide(sampleShape);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const lastPoint = useRef<{ x: number; y: number } | null>(null);
  const frame = useRef(0);
  const inFlight = useRef(false);
  const waiting = useRef<Float32Array | null>(null);
  const [preview, setPreview] = useState<Float32Array | null>(null);
  const [prediction, setPrediction] = useState<PredictOutcome | null>(null);

  const send = useCallback((pixels: Float32Array) => {
    if (inFlight.current) {
      waiting.current = pixels;
      return;
    }
    inFlight.current = true;
    void trainingSession.predict(pixels).then((outcome) => {
      inFlight.current = false;
      setPrediction(outcome ?? null);
      const next = waiting.current;
      waiting.current = null;
      if (next) send(next);
    });
  }, []);

  const analyse = useCallback(() => {
    frame.current = 0;
    const context = canvasRef.current?.getContext('2d', { willReadFrequently: true });
    if (!context) return;
    const image = context.getImageData(0, 0, PAD_PIXELS, PAD_PIXELS);
    const digit = side === undefined ? undefined : preprocessDigit(inkFromRgba(image.data, PAD_PIXELS, PAD_PIXELS), side);
    if (!digit?.ok) {
      setPreview(null);
      setPrediction(null);
      waiting.current = null;
      return;
    }
    setPreview(digit.pixels);
    send(digit.pixels);
  }, [send, side]);

  const scheduleAnalysis = useCallback(() => {
    if (frame.current === 0) frame.current = requestAnimationFrame(analyse);
  }, [analyse]);

  useEffect(() => () => cancelAnimationFrame(frame.current), []);
  // A newly trained model: ask again about what is on the pad.
  useEffect(() => {
    if (modelReady && model) scheduleAnalysis();
    else setPrediction(null);
  }, [modelReady, model, scheduleAnalysis]);

  const pointAt = (event: React.PointerEvent<HTMLCanvasElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    return {
      x: ((event.clientX - rect.left) / rect.width) * PAD_PIXELS,
      y: ((event.clientY - rect.top) / rect.height) * PAD_PIXELS,
    };
  };

  const strokeTo = (point: { x: number; y: number }) => {
    const context = canvasRef.current?.getContext('2d', { willReadFrequently: true });
    const from = lastPoint.current;
    if (!context || !from) return;
    context.strokeStyle = INK;
    context.lineWidth = PEN_WIDTH;
    context.lineCap = 'round';
    context.lineJoin = 'round';
    context.beginPath();
    context.moveTo(from.x, from.y);
    context.lineTo(point.x, point.y);
    context.stroke();
    lastPoint.current = point;
    scheduleAnalysis();
  };

  const clear = () => {
    const context = canvasRef.current?.getContext('2d', { willReadFrequently: true });
    context?.clearRect(0, 0, PAD_PIXELS, PAD_PIXELS);
    lastPoint.current = null;
    scheduleAnalysis();
  };

  const result = prediction?.ok ? prediction : null;
  return (
    <div className="tp-draw">
      <div className="tp-pad-column">
        <canvas
          ref={canvasRef}
          className="tp-pad"
          width={PAD_PIXELS}
          height={PAD_PIXELS}
          aria-label={t('training.draw.pad')}
          data-testid="drawing-pad"
          onPointerDown={(event) => {
            event.currentTarget.setPointerCapture(event.pointerId);
            const point = pointAt(event);
            lastPoint.current = { x: point.x + 0.01, y: point.y };
            strokeTo(point);
          }}
          onPointerMove={(event) => {
            if (lastPoint.current) strokeTo(pointAt(event));
          }}
          onPointerUp={() => {
            lastPoint.current = null;
          }}
          onPointerCancel={() => {
            lastPoint.current = null;
          }}
        />
        <button type="button" className="btn tp-pad-clear" onClick={clear} data-testid="drawing-clear">
          {t('training.draw.clear')}
        </button>
        <LookInsideButton values={preview} />
      </div>
      <div className="tp-seen">
        <h3>{t('training.draw.seen')}</h3>
        <div className="tp-seen-frame">
          {preview && side !== undefined ? (
            <SampleImage shape={[side, side, 1]} pixels={preview} ink label={t('training.draw.seen')} className="tp-digit--large" />
          ) : null}
        </div>
        <p className="muted small">{t('training.draw.hint')}</p>
      </div>
      <div className="tp-probabilities" data-testid="probabilities">
        <h3>{t('training.draw.probabilities')}</h3>
        {stale ? (
          <StaleNote />
        ) : !modelReady ? (
          <p className="tp-note">{t('training.draw.needsModel')}</p>
        ) : side === undefined ? (
          <p className="tp-note" data-code="SAMPLE_NOT_DRAWABLE">
            {describeEngineMessage({ code: 'SAMPLE_NOT_DRAWABLE', vars: { shape: formatShape(sampleShape ?? []) } }, t)}
          </p>
        ) : prediction && !prediction.ok ? (
          <p className="tp-note tp-note--error" data-code={prediction.failure.code}>
            {t('training.draw.failed', { reason: describeEngineMessage(prediction.failure, t) })}
          </p>
        ) : !result ? (
          <p className="tp-note">{t('training.draw.empty')}</p>
        ) : (
          <ProbabilityBars result={result} />
        )}
      </div>
    </div>
  );
}
