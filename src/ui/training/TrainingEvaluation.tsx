/** The Evaluation tab: test accuracy and loss, the confusion matrix, and the gallery of its images. */
import { useEffect, useState } from 'react';
import { useKairo } from '../../store/index';
import { useLanguage, useT } from '../useT';
import { ConfusionMatrix, type MatrixCell } from './ConfusionMatrix';
import { MisclassifiedGallery } from './MisclassifiedGallery';
import { StaleNote, useResultIsStale } from './StaleNote';
import { describeEngineMessage, formatInteger, formatNumber, formatPercent } from './trainingText';
import { trainingSession } from './useTrainingSession';

export function TrainingEvaluation() {
  const t = useT();
  const language = useLanguage();
  const evaluation = useKairo((state) => state.evaluation);
  const modelReady = useKairo((state) => state.modelReady);
  const busy = useKairo((state) => state.run.status === 'loading' || state.run.status === 'training' || state.run.status === 'paused');
  const stale = useResultIsStale();
  const [cell, setCell] = useState<MatrixCell | null>(null);
  const result = evaluation.status === 'ready' ? evaluation.result : null;

  // A new evaluation has new cells.
  useEffect(() => {
    if (result) setCell(null);
  }, [result]);

  const evaluateButton = (
    <button
      type="button"
      className="btn"
      disabled={!modelReady || busy || stale || evaluation.status === 'running'}
      onClick={() => void trainingSession.evaluate()}
      title={t('training.eval.runTitle')}
      data-testid="evaluate"
    >
      {t('training.eval.run')}
    </button>
  );

  if (!result) {
    return (
      <div className="tp-eval-empty">
        {evaluation.status === 'running' ? (
          <p className="tp-note" data-testid="evaluation-running">
            <span className="tp-spinner" aria-hidden="true" />
            {t('training.eval.running')}
          </p>
        ) : evaluation.status === 'failed' ? (
          <p className="tp-note tp-note--error" data-code={evaluation.failure.code}>
            {t('training.eval.failed', { reason: describeEngineMessage(evaluation.failure, t) })}
          </p>
        ) : (
          <p className="tp-note">{modelReady ? t('training.eval.ready') : t('training.eval.empty')}</p>
        )}
        {evaluateButton}
      </div>
    );
  }

  return (
    <div className={`tp-eval${stale ? ' is-stale' : ''}`} data-testid="evaluation" data-stale={stale}>
      <div className="tp-eval-summary">
        <StaleNote />
        <div className="tp-metric">
          <span className="tp-metric-label">{t('training.eval.accuracy')}</span>
          <span className="tp-metric-value" data-testid="test-accuracy">
            {formatPercent(result.accuracy, 2)}
          </span>
        </div>
        <dl className="tp-facts tp-facts--compact">
          <dt>{t('training.eval.loss')}</dt>
          <dd>{formatNumber(result.loss)}</dd>
          <dt>{t('training.eval.images')}</dt>
          <dd>{formatInteger(result.count, language)}</dd>
          <dt>{t('training.eval.mistakes')}</dt>
          <dd>{formatInteger(result.misclassifiedCount, language)}</dd>
        </dl>
        {evaluation.status === 'ready' && !stale && (busy || !modelReady) ? (
          <p className="muted small">{t('training.eval.stale')}</p>
        ) : null}
        {evaluateButton}
      </div>
      <div className="tp-eval-matrix">
        <div className="tp-section-head">
          <h3>{t('training.cm.title')}</h3>
          <span className="muted small">{t('training.cm.hint')}</span>
        </div>
        <ConfusionMatrix evaluation={result} selected={cell} onSelect={setCell} />
      </div>
      <MisclassifiedGallery evaluation={result} cell={cell} onShowAll={() => setCell(null)} />
    </div>
  );
}
