/**
 * The K×K confusion matrix of the test set: rows are true classes, columns predicted ones. Each cell
 * is a button; choosing one shows its images in the gallery. Colour strength is the share of the
 * row (so rare and common classes read alike): blue on the diagonal (right), red off it (mistakes).
 */
import { formatCount } from '../../i18n/index';
import type { EvaluationView } from '../../store/runSlice';
import { countText } from '../countText';
import { useTheme } from '../theme';
import { useLanguage, useT } from '../useT';
import { matrixCellColours } from './matrixColours';

export interface MatrixCell {
  label: number;
  predicted: number;
}

interface ConfusionMatrixProps {
  evaluation: EvaluationView;
  selected: MatrixCell | null;
  onSelect(cell: MatrixCell | null): void;
}

export function ConfusionMatrix({ evaluation, selected, onSelect }: ConfusionMatrixProps) {
  const t = useT();
  const language = useLanguage();
  const theme = useTheme((state) => state.theme);
  const { confusionMatrix, classNames } = evaluation;
  const size = classNames.length;
  return (
    <div className="tp-matrix-wrap">
      <div className="tp-matrix-axis tp-matrix-axis--x">{t('training.cm.predicted')}</div>
      <div className="tp-matrix-axis tp-matrix-axis--y">{t('training.cm.true')}</div>
      <div
        className="tp-matrix"
        style={{ gridTemplateColumns: `18px repeat(${size}, var(--tp-cell-w))` }}
        data-testid="confusion-matrix"
      >
        <span className="tp-matrix-corner" aria-hidden="true" />
        {classNames.map((name) => (
          <span key={`head-${name}`} className="tp-matrix-head" aria-hidden="true" title={name}>
            {name}
          </span>
        ))}
        {confusionMatrix.map((row, label) => {
          const total = row.reduce((sum, value) => sum + value, 0);
          const labelName = classNames[label] ?? String(label);
          return [
            <span key={`row-${labelName}`} className="tp-matrix-head" aria-hidden="true" title={labelName}>
              {labelName}
            </span>,
            ...row.map((count, predicted) => {
              const predictedName = classNames[predicted] ?? String(predicted);
              const isSelected = selected?.label === label && selected.predicted === predicted;
              const { background, color } = matrixCellColours(total > 0 ? count / total : 0, label === predicted, theme);
              // Announced as the sentence it stands for, not as a bare number.
              const name = t('training.cm.cell', { label: labelName, predicted: predictedName, images: countText(language, 'image', count) });
              return (
                <button
                  type="button"
                  key={`${labelName}-${predictedName}`}
                  className={`tp-matrix-cell${isSelected ? ' is-selected' : ''}${label === predicted ? ' is-diagonal' : ''}`}
                  style={{ background, color }}
                  aria-pressed={isSelected}
                  title={name}
                  aria-label={name}
                  onClick={() => onSelect(isSelected ? null : { label, predicted })}
                  data-testid={`cm-cell-${label}-${predicted}`}
                >
                  {/* Written as in its name ("1,135"), so what is seen is what is read out. */}
                  {count > 0 ? formatCount(count, language) : ''}
                </button>
              );
            }),
          ];
        })}
      </div>
    </div>
  );
}
