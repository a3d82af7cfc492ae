/** The Progress tab: live loss and accuracy charts, and the run's facts beside them (backend, data, metrics). */
import { useKairo } from '../../store/index';
import { useLanguage, useT } from '../useT';
import { MetricChart } from './MetricChart';
import { BackendInfo } from './TrainingControls';
import { formatInteger, formatNumber, formatPercent } from './trainingText';
import { trainingSession } from './useTrainingSession';

function ChartLegend() {
  const t = useT();
  return (
    <div className="tp-legend" aria-hidden="true">
      <span className="tp-swatch tp-swatch--train" />
      {t('training.chart.train')}
      <span className="tp-swatch tp-swatch--raw" />
      {t('training.chart.raw')}
      <span className="tp-swatch tp-swatch--validation" />
      {t('training.chart.validation')}
      <span className="tp-legend-axis">{t('training.chart.xAxis')}</span>
    </div>
  );
}

function ChartCard({ metric }: { metric: 'loss' | 'accuracy' }) {
  const t = useT();
  const progress = useKairo((state) =>
    state.run.status === 'training' || state.run.status === 'paused' || state.run.status === 'done' || state.run.status === 'failed'
      ? state.run.progress
      : null,
  );
  const started = progress !== null;
  const current = metric === 'loss' ? progress?.loss : progress?.accuracy;
  const validation = metric === 'loss' ? progress?.valLoss : progress?.valAccuracy;
  const format = metric === 'loss' ? (value: number | null | undefined) => formatNumber(value) : formatPercent;
  return (
    <figure className="tp-chart">
      <figcaption className="tp-chart-head">
        <span className="tp-chart-title">{t(metric === 'loss' ? 'training.chart.loss' : 'training.chart.accuracy')}</span>
        {started ? (
          <span className="tp-chart-values">
            <span className="tp-value tp-value--train">{format(current)}</span>
            {validation !== null && validation !== undefined ? (
              <span className="tp-value tp-value--validation">{format(validation)}</span>
            ) : null}
          </span>
        ) : null}
      </figcaption>
      <MetricChart
        series={trainingSession.series}
        metric={metric}
        label={t(metric === 'loss' ? 'training.chart.loss' : 'training.chart.accuracy')}
        testId={`chart-${metric}`}
      />
      {!started ? <p className="tp-chart-empty">{t('training.chart.empty')}</p> : null}
    </figure>
  );
}

function RunFacts() {
  const t = useT();
  const language = useLanguage();
  const plan = useKairo((state) => state.model?.plan ?? null);
  const dataset = useKairo((state) => state.dataset);
  const count = (value: number | null | undefined) => (value === null || value === undefined ? '—' : formatInteger(value, language));
  return (
    <dl className="tp-facts">
      <dt>{t('training.facts.data')}</dt>
      <dd data-testid="training-dataset">
        {dataset ? t('data.summary', { name: dataset.name, train: count(dataset.trainCount), test: count(dataset.testCount) }) : '—'}
      </dd>
      <dt>{t('training.facts.trainImages')}</dt>
      <dd>{count(plan?.trainCount)}</dd>
      <dt>{t('training.facts.validationImages')}</dt>
      <dd>{count(plan?.validationCount)}</dd>
      <dt>{t('training.facts.batchSize')}</dt>
      <dd>{count(plan?.batchSize)}</dd>
      <dt>{t('training.facts.epochs')}</dt>
      <dd>{count(plan?.epochs)}</dd>
    </dl>
  );
}

export function TrainingProgress() {
  const t = useT();
  return (
    <div className="tp-progress-tab">
      <div className="tp-charts">
        <ChartLegend />
        <div className="tp-chart-row">
          <ChartCard metric="loss" />
          <ChartCard metric="accuracy" />
        </div>
      </div>
      <aside className="tp-side">
        <h3>{t('training.backend')}</h3>
        <BackendInfo />
        <RunFacts />
      </aside>
    </div>
  );
}
