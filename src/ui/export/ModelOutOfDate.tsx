/**
 * The mark on a model of an earlier version of the graph: shown in the training panel's Evaluation
 * and Draw tabs while the worker's model was made from another graph than the one on the canvas.
 */
import { selectModelOutOfDate } from '../../store/modelSlice';
import { useKairo } from '../../store/index';
import { useT } from '../useT';
import './export.css';

/** Whether the worker's model belongs to another version of the graph on the canvas. */
export function useModelOutOfDate(): boolean {
  return useKairo(selectModelOutOfDate);
}

export function ModelOutOfDate({ where }: { where: 'evaluation' | 'draw' }) {
  const t = useT();
  const outOfDate = useModelOutOfDate();
  if (!outOfDate) return null;
  return (
    <p className="tp-note ex-out-of-date" role="status" data-testid="model-out-of-date" data-where={where}>
      {t(`export.outOfDate.${where}`)}
    </p>
  );
}
