/**
 * "Try an image", the drawing pad of image data sets: drop or pick a picture and see the class
 * probabilities the trained network gives it. The worker prepares the picture exactly as the
 * training images were (size, colour, fit) and shows what the network sees next to the original.
 */
import { useEffect, useRef, useState } from 'react';
import { useKairo } from '../../store/index';
import { LookInsideWithPicture } from '../inside/InsidePick';
import type { PredictImageResult } from '../../worker/api';
import { useT } from '../useT';
import { ProbabilityBars } from './ProbabilityBars';
import { SampleImage } from './SampleImage';
import { describeEngineMessage } from './trainingText';
import { trainingSession } from './useTrainingSession';

function imageOf(transfer: DataTransfer): File | undefined {
  return Array.from(transfer.files).find((file) => file.type.startsWith('image/') || /\.(tiff?|bmp|webp)$/i.test(file.name)) ?? transfer.files[0];
}

export function TryImage() {
  const t = useT();
  const modelReady = useKairo((state) => state.modelReady);
  const model = useKairo((state) => state.model);
  const [picture, setPicture] = useState<File | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [result, setResult] = useState<PredictImageResult | null>(null);
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!picture) return;
    const url = URL.createObjectURL(picture);
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [picture]);

  // A new picture, or a newly trained model: ask again.
  useEffect(() => {
    let current = true;
    setResult(null);
    if (!picture || !modelReady || !model) return;
    const ask = async (): Promise<PredictImageResult> => {
      try {
        const api = await trainingSession.workerApi();
        return await api.predictImage(picture);
      } catch (error) {
        return { ok: false, failure: { code: 'WORKER_CALL_FAILED', vars: { detail: String(error) } } };
      }
    };
    void ask().then((answer) => {
      if (current) setResult(answer);
    });
    return () => {
      current = false;
    };
  }, [picture, modelReady, model]);

  const ok = result?.ok ? result : null;
  return (
    <div className="tp-draw" data-testid="try-image">
      <div className="tp-pad-column">
        {/* biome-ignore lint/a11y/noStaticElementInteractions: the drop target has a keyboard path: the button inside it. */}
        <div
          className={`tp-try-drop${dragging ? ' is-dragging' : ''}`}
          data-testid="try-image-drop"
          onDragOver={(event) => {
            event.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={(event) => {
            event.preventDefault();
            setDragging(false);
            const file = imageOf(event.dataTransfer);
            if (file) setPicture(file);
          }}
        >
          {preview ? <img src={preview} alt={picture?.name ?? ''} /> : <span>{t('data.try.drop')}</span>}
          <button type="button" className="btn" onClick={() => input.current?.click()} data-testid="try-image-pick">
            {t('data.try.pick')}
          </button>
          <input
            ref={input}
            type="file"
            accept="image/*,.tif,.tiff"
            hidden
            data-testid="try-image-input"
            onChange={(event) => {
              const file = event.target.files?.[0];
              event.target.value = '';
              if (file) setPicture(file);
            }}
          />
        </div>
      </div>
      <div className="tp-seen">
        <h3>{t('training.draw.seen')}</h3>
        <div className="tp-seen-frame">
          {ok ? <SampleImage shape={ok.shape} pixels={ok.pixels} ink={false} label={t('training.draw.seen')} className="tp-digit--large" /> : null}
        </div>
        <p className="muted small">{t('data.try.hint')}</p>
        <LookInsideWithPicture pixels={ok ? ok.pixels : null} />
      </div>
      <div className="tp-probabilities" data-testid="probabilities" data-state={!modelReady ? 'no-model' : ok ? 'ready' : result ? 'failed' : 'empty'}>
        <h3>{t('training.draw.probabilities')}</h3>
        {!modelReady ? (
          <p className="tp-note">{t('training.draw.needsModel')}</p>
        ) : result && !result.ok ? (
          <p className="tp-note tp-note--error" data-code={result.failure.code}>
            {describeEngineMessage(result.failure, t)}
          </p>
        ) : ok ? (
          <ProbabilityBars result={ok} />
        ) : (
          <p className="tp-note">{t('data.try.empty')}</p>
        )}
      </div>
    </div>
  );
}
