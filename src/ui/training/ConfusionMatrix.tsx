/**
 * The K×K confusion matrix of the test set: rows are true classes, columns predicted ones. Each cell
 * is a button; choosing one shows its images in the gallery. Colour strength is the share of the
 * row (so rare and common classes read alike): blue on the diagonal (right), red off it (mistakes).
 */
import type { EvaluationView } from '../../store/runSlice';
import { countText } from '../countText';
import { useLanguage, useT } from '../useT';

export interface MatrixCell {
  label: number;
  predicted: number;
}

interface ConfusionMatrixProps {
  evaluation: EvaluationView;
  selected: MatrixCell | null;
  onSelect(cell: MatrixCell | null): void;
}

function cellStyle(share: number, correct: boolean): { background: string; color: string } {
  // Mistakes are rarer than hits: stretch their scale so a 5 % confusion is clearly visible.
  const strength = correct ? share : Math.min(1, share * 4);
  const hue = correct ? '54 87 214' : '208 59 59';
  const alpha = share === 0 ? 0 : 0.08 + strength * 0.82;
  return { background: `rgb(${hue} / ${alpha.toFixed(3)})`, color: alpha > 0.5 ? '#fff' : 'var(--text)' };
}

export function ConfusionMatrix({ evaluation, selected, onSelect }: ConfusionMatrixProps) {
  const t = useT();
  const language = useLanguage();
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
              const style = cellStyle(total > 0 ? count / total : 0, label === predicted);
              // Announced as the sentence it stands for, not as a bare number.
              const name = t('training.cm.cell', { label: labelName, predicted: predictedName, images: countText(language, 'image', count) });
              return (
                <button
                  type="button"
                  key={`${labelName}-${predictedName}`}
                  className={`tp-matrix-cell${isSelected ? ' is-selected' : ''}${label === predicted ? ' is-diagonal' : ''}`}
                  style={style}
                  aria-pressed={isSelected}
                  title={name}
                  aria-label={name}
                  onClick={() => onSelect(isSelected ? null : { label, predicted })}
                  data-testid={`cm-cell-${label}-${predicted}`}
                >
                  {count > 0 ? count : ''}
                </button>
              );
            }),
          ];
        })}
      </div>
    </div>
  );
}
