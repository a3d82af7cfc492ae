/**
 * Which input the inside views and the step mode run the model on: a test sample (by number, or
 * picked in the evaluation's gallery), or the digit drawn on the pad. Shows the input itself, its
 * class, and buttons to step through the test set; all keyboard reachable.
 */
import { useEffect, useState } from 'react';
import { kairoStore, useKairo } from '../../store/index';
import type { TestSample } from '../../worker/api';
import { SampleImage } from '../training/SampleImage';
import { trainingSession } from '../training/useTrainingSession';
import { useT } from '../useT';
import { formatValue } from './numberText';

function Thumbnail({ sample, label }: { sample: TestSample; label: string }) {
  if (sample.kind === 'features') {
    const values = Array.from(sample.values.subarray(0, 3), formatValue).join(' ');
    return (
      <span className="inside-input-values" role="img" aria-label={label}>
        {values}
        {sample.values.length > 3 ? ' …' : ''}
      </span>
    );
  }
  return <SampleImage shape={sample.shape} pixels={sample.pixels} ink={sample.kind === 'ink'} label={label} className="inside-input-image" />;
}

export function InputPicker({ testId = 'inside-input' }: { testId?: string }) {
  const t = useT();
  const input = useKairo((state) => state.insideInput);
  const testCount = useKairo((state) => state.model?.plan.testCount ?? null);
  const sampleShape = useKairo((state) => state.model?.plan.sampleShape);
  const [sample, setSample] = useState<TestSample | null>(null);
  const index = input.kind === 'test' ? input.index : null;

  useEffect(() => {
    if (index === null) {
      setSample(null);
      return;
    }
    let current = true;
    void trainingSession.testSamples([index]).then((result) => {
      if (current) setSample(result.ok ? (result.samples[0] ?? null) : null);
    });
    return () => {
      current = false;
    };
  }, [index]);

  const choose = (next: number) => {
    const count = testCount ?? 0;
    if (count <= 0) return;
    kairoStore.getState().setInsideInput({ kind: 'test', index: ((next % count) + count) % count });
  };

  return (
    <div className="inside-input" data-testid={testId} data-kind={input.kind} data-index={index ?? ''}>
      <div className="inside-input-picture">
        {input.kind === 'sample' && sampleShape ? (
          sampleShape.length === 3 ? (
            <SampleImage shape={sampleShape} pixels={input.values} ink={input.origin === 'drawing'} label={t(`inside.origin.${input.origin}`)} className="inside-input-image" />
          ) : (
            <span className="inside-input-values">{Array.from(input.values.subarray(0, 3), formatValue).join(' ')} …</span>
          )
        ) : sample && sample.index === index ? (
          <Thumbnail sample={sample} label={t('inside.testSample', { index: sample.index, name: sample.className })} />
        ) : null}
      </div>
      <div className="inside-input-text">
        {input.kind === 'sample' ? (
          <>
            <span>{t(`inside.origin.${input.origin}`)}</span>
            <button type="button" className="tp-link" onClick={() => choose(0)} data-testid={`${testId}-back`}>
              {t('inside.useTestSamples')}
            </button>
          </>
        ) : (
          <>
            <span data-testid={`${testId}-label`}>
              {sample && sample.index === index ? t('inside.testSample', { index: sample.index, name: sample.className }) : t('inside.testSampleNumber', { index: index ?? 0 })}
            </span>
            <span className="inside-input-buttons">
              <button type="button" className="btn btn--small" onClick={() => choose((index ?? 0) - 1)} aria-label={t('inside.previous')} title={t('inside.previous')}>
                ‹
              </button>
              <input
                type="number"
                className="inside-input-number"
                min={0}
                max={testCount === null ? undefined : testCount - 1}
                value={index ?? 0}
                aria-label={t('inside.sampleNumber')}
                onChange={(event) => {
                  const value = Number(event.target.value);
                  if (Number.isInteger(value)) choose(value);
                }}
                data-testid={`${testId}-number`}
              />
              <button type="button" className="btn btn--small" onClick={() => choose((index ?? 0) + 1)} aria-label={t('inside.next')} title={t('inside.next')}>
                ›
              </button>
            </span>
          </>
        )}
      </div>
    </div>
  );
}
