/** One bar per class with its probability, the most likely one marked: the drawing pad's and "try an image"'s answer. */
import type { PredictOutcome } from '../../worker/api';
import { useT } from '../useT';
import { formatPercent } from './trainingText';

export function ProbabilityBars({ result }: { result: Extract<PredictOutcome, { ok: true }> }) {
  const t = useT();
  return (
    <>
      <ol className="tp-bars">
        {result.probabilities.map((probability, index) => {
          const name = result.classNames[index] ?? String(index);
          const best = index === result.predicted;
          return (
            <li key={name} className={`tp-bar${best ? ' is-best' : ''}`} data-testid="probability-bar" data-class={name} data-best={best}>
              <span className="tp-bar-label">{name}</span>
              <span className="tp-bar-track">
                <span className="tp-bar-fill" style={{ width: `${Math.max(0, Math.min(1, probability)) * 100}%` }} />
              </span>
              <span className="tp-bar-value">{formatPercent(probability)}</span>
            </li>
          );
        })}
      </ol>
      {result.source === 'softmax' ? <p className="muted small">{t('training.draw.scores')}</p> : null}
    </>
  );
}
