/**
 * Test images with what the model made of them: by default the first mistakes on the test set; for
 * a chosen confusion-matrix cell, that cell's images (the diagonal shows correctly classified ones).
 * Images are fetched from the worker by index when the view changes.
 */
import { useEffect, useState } from 'react';
import type { EvaluationView } from '../../store/runSlice';
import type { TestImage } from '../../worker/api';
import { useLanguage, useT } from '../useT';
import type { MatrixCell } from './ConfusionMatrix';
import { DigitImage } from './DigitImage';
import { formatInteger } from './trainingText';
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

interface LoadedImages {
  key: string;
  images: TestImage[] | null;
  error: string | null;
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
  const [loaded, setLoaded] = useState<LoadedImages>({ key: '', images: null, error: null });

  useEffect(() => {
    let current = true;
    const indices = key === '' ? [] : key.split(',').map(Number);
    if (indices.length === 0) {
      setLoaded({ key, images: [], error: null });
      return;
    }
    trainingSession.testImages(indices).then((result) => {
      if (!current) return;
      setLoaded(result.ok ? { key, images: result.images, error: null } : { key, images: null, error: result.message });
    });
    return () => {
      current = false;
    };
  }, [key]);

  const digit = (label: number) => evaluation.classes[label] ?? label;
  const cellTotal = cell ? ((evaluation.confusionMatrix[cell.label] ?? [])[cell.predicted] ?? 0) : evaluation.misclassifiedCount;
  const title = cell
    ? t('training.gallery.cell', { label: digit(cell.label), predicted: digit(cell.predicted) })
    : t('training.gallery.misclassified');
  const images = loaded.key === key ? loaded.images : null;

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
        {cell ? (
          <button type="button" className="tp-link" onClick={onShowAll} data-testid="gallery-show-all">
            {t('training.gallery.showAll')}
          </button>
        ) : null}
      </div>
      {loaded.key === key && loaded.error ? (
        <p className="tp-note tp-note--error">{loaded.error}</p>
      ) : entries.length === 0 ? (
        <p className="tp-note">{cell ? t('training.gallery.empty') : t('training.gallery.none')}</p>
      ) : !images ? (
        <p className="tp-note">{t('training.gallery.loading')}</p>
      ) : (
        <ul className="tp-gallery-grid">
          {images.map((image, position) => {
            const entry = entries[position];
            const predicted = entry ? digit(entry.predicted) : image.digit;
            const wrong = entry ? entry.predicted !== entry.label : false;
            const caption = t('training.gallery.item', { label: image.digit, predicted });
            return (
              <li key={image.index} className="tp-gallery-item" title={caption} data-testid="gallery-item">
                <DigitImage pixels={image.pixels} label={caption} />
                <span className={`tp-gallery-caption${wrong ? ' is-wrong' : ''}`}>
                  {image.digit}
                  <span aria-hidden="true">→</span>
                  <b>{predicted}</b>
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
