/**
 * Test samples with what the model made of them: by default the first mistakes on the test set; for
 * a chosen confusion-matrix cell, that cell's samples (the diagonal shows correctly classified ones).
 * Samples are fetched from the worker by index when the view changes, each with its shape and class.
 */
import { useEffect, useState } from 'react';
import type { EvaluationView } from '../../store/runSlice';
import type { EngineMessage, TestSample } from '../../worker/api';
import { InsidePick } from '../inside/InsidePick';
import { useLanguage, useT } from '../useT';
import type { MatrixCell } from './ConfusionMatrix';
import { SampleImage } from './SampleImage';
import { describeEngineMessage, formatInteger, formatNumber } from './trainingText';
import { trainingSession } from './useTrainingSession';

/** At most this many images per view (the gallery is a sample, not a list of thousands). */
const GALLERY_LIMIT = 48;

interface GalleryEntry {
  index: number;
  label: number;
  predicted: number;
}

function entriesFor(evaluation: EvaluationView, cell: MatrixCell | null): GalleryEntry[] {
  if (cell && cell.label === cell.predicted) {
    return (evaluation.correctExamples[cell.label] ?? [])
      .slice(0, GALLERY_LIMIT)
      .map((index) => ({ index, label: cell.label, predicted: cell.label }));
  }
  const mistakes = cell
    ? evaluation.misclassified.filter((item) => item.label === cell.label && item.predicted === cell.predicted)
    : evaluation.misclassified;
  return mistakes.slice(0, GALLERY_LIMIT);
}

interface LoadedSamples {
  key: string;
  samples: TestSample[] | null;
  failure: EngineMessage | null;
}

/** How many values of a feature vector a gallery item shows. */
const FEATURES_SHOWN = 4;

function SampleView({ sample, label }: { sample: TestSample; label: string }) {
  if (sample.kind === 'features') {
    const values = Array.from(sample.values.subarray(0, FEATURES_SHOWN), (value) => formatNumber(value, 2));
    return (
      <span className="tp-sample-values" role="img" aria-label={label}>
        {values.join(' ')}
        {sample.values.length > FEATURES_SHOWN ? ' …' : ''}
      </span>
    );
  }
  return <SampleImage shape={sample.shape} pixels={sample.pixels} ink={sample.kind === 'ink'} label={label} />;
}

interface MisclassifiedGalleryProps {
  evaluation: EvaluationView;
  cell: MatrixCell | null;
  onShowAll(): void;
}

export function MisclassifiedGallery({ evaluation, cell, onShowAll }: MisclassifiedGalleryProps) {
  const t = useT();
  const language = useLanguage();
  const entries = entriesFor(evaluation, cell);
  const key = entries.map((entry) => entry.index).join(',');
  const [loaded, setLoaded] = useState<LoadedSamples>({ key: '', samples: null, failure: null });

  useEffect(() => {
    let current = true;
    const indices = key === '' ? [] : key.split(',').map(Number);
    if (indices.length === 0) {
      setLoaded({ key, samples: [], failure: null });
      return;
    }
    trainingSession.testSamples(indices).then((result) => {
      if (!current) return;
      setLoaded(result.ok ? { key, samples: result.samples, failure: null } : { key, samples: null, failure: result.failure });
    });
    return () => {
      current = false;
    };
  }, [key]);

  const className = (label: number) => evaluation.classNames[label] ?? String(label);
  const cellTotal = cell ? ((evaluation.confusionMatrix[cell.label] ?? [])[cell.predicted] ?? 0) : evaluation.misclassifiedCount;
  const title = cell
    ? t('training.gallery.cell', { label: className(cell.label), predicted: className(cell.predicted) })
    : t('training.gallery.misclassified');
  const samples = loaded.key === key ? loaded.samples : null;
  // Why fewer images are shown than the cell counts: the view's own limit, or what the evaluation kept.
  const diagonal = cell !== null && cell.label === cell.predicted;
  const capReason: 'view' | 'correct' | 'mistakes' | null =
    entries.length >= cellTotal ? null : entries.length >= GALLERY_LIMIT ? 'view' : diagonal ? 'correct' : 'mistakes';
  const kept = diagonal ? (evaluation.correctExamples[cell.label] ?? []).length : evaluation.misclassified.length;

  return (
    <div className="tp-gallery" data-testid="gallery">
      <div className="tp-gallery-head">
        <h3 data-testid="gallery-title">{title}</h3>
        <span className="muted small">
          {t('training.gallery.legend')} ·{' '}
          {entries.length < cellTotal
            ? t('training.gallery.partial', { shown: entries.length, count: formatInteger(cellTotal, language) })
            : formatInteger(cellTotal, language)}
        </span>
        {capReason ? (
          <span className="muted small tp-gallery-cap" data-testid="gallery-cap" data-reason={capReason}>
            {t(`editor.gallery.cap.${capReason}`, { limit: GALLERY_LIMIT, kept: formatInteger(kept, language) })}
          </span>
        ) : null}
        {cell ? (
          <button type="button" className="tp-link" onClick={onShowAll} data-testid="gallery-show-all">
            {t('training.gallery.showAll')}
          </button>
        ) : null}
      </div>
      {loaded.key === key && loaded.failure ? (
        <p className="tp-note tp-note--error" data-code={loaded.failure.code}>
          {describeEngineMessage(loaded.failure, t)}
        </p>
      ) : entries.length === 0 ? (
        <p className="tp-note">{cell ? t('training.gallery.empty') : t('training.gallery.none')}</p>
      ) : !samples ? (
        <p className="tp-note">{t('training.gallery.loading')}</p>
      ) : (
        <ul className="tp-gallery-grid">
          {samples.map((sample, position) => {
            const entry = entries[position];
            const predicted = entry ? className(entry.predicted) : sample.className;
            const wrong = entry ? entry.predicted !== entry.label : false;
            const caption = t('training.gallery.item', { label: sample.className, predicted });
            return (
              <li key={sample.index} className="tp-gallery-item" title={caption} data-testid="gallery-item">
                <InsidePick index={sample.index}>
                  <SampleView sample={sample} label={caption} />
                  <span className={`tp-gallery-caption${wrong ? ' is-wrong' : ''}`}>
                    {sample.className}
                    <span aria-hidden="true">→</span>
                    <b>{predicted}</b>
                  </span>
                </InsidePick>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
