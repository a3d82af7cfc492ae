/**
 * The K×K confusion matrix of the test set: rows are true classes, columns predicted ones. Each cell
 * is a button; choosing one shows its images in the gallery. Colour strength is the share of the
 * row (so rare and common digits read alike): blue on the diagonal (right), red off it (mistakes).
 */
import type { EvaluationView } from '../../store/runSlice';
import { useT } from '../useT';

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
  const { confusionMatrix, classes } = evaluation;
  const size = classes.length;
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
        {classes.map((digit) => (
          <span key={`head-${digit}`} className="tp-matrix-head" aria-hidden="true">
            {digit}
          </span>
        ))}
        {confusionMatrix.map((row, label) => {
          const total = row.reduce((sum, value) => sum + value, 0);
          const labelDigit = classes[label] ?? label;
          return [
            <span key={`row-${labelDigit}`} className="tp-matrix-head" aria-hidden="true">
              {labelDigit}
            </span>,
            ...row.map((count, predicted) => {
              const predictedDigit = classes[predicted] ?? predicted;
              const isSelected = selected?.label === label && selected.predicted === predicted;
              const style = cellStyle(total > 0 ? count / total : 0, label === predicted);
              return (
                <button
                  type="button"
                  key={`${labelDigit}-${predictedDigit}`}
                  className={`tp-matrix-cell${isSelected ? ' is-selected' : ''}${label === predicted ? ' is-diagonal' : ''}`}
                  style={style}
                  aria-pressed={isSelected}
                  title={t('training.cm.cell', { label: labelDigit, predicted: predictedDigit, count })}
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
