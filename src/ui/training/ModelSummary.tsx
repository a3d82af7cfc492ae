/** The compiled model as tfjs built it: each layer with its node, output shape and parameter count. */
import { getNodeDefinition } from '../../../nodes/index';
import { localized } from '../../i18n/index';
import { useKairo } from '../../store/index';
import { shapeLabel } from '../shapeText';
import { useLanguage, useT } from '../useT';
import { StaleNote, useResultIsStale } from './StaleNote';
import { describeEngineMessage, formatInteger } from './trainingText';

/** Whole numbers as names ("3"), so that runs of them can be shortened. */
const NUMBER_NAME = /^\d+$/;

/**
 * Class names, with runs of consecutive numbers as ranges: MNIST's ['0'..'9'] is "0–9", ['1', '3',
 * '4', '5'] is "1, 3–5"; other names are listed as they are.
 */
function classRanges(names: readonly string[]): string {
  if (names.length === 0) return '—';
  if (!names.every((name) => NUMBER_NAME.test(name))) return names.join(', ');
  const classes = names.map(Number);
  const parts: string[] = [];
  let start = 0;
  for (let index = 1; index <= classes.length; index++) {
    const runs = index < classes.length && classes[index] === (classes[index - 1] as number) + 1;
    if (runs) continue;
    const first = classes[start] as number;
    const last = classes[index - 1] as number;
    parts.push(index - 1 - start >= 2 ? `${first}–${last}` : classes.slice(start, index).join(', '));
    start = index;
  }
  return parts.join(', ');
}

export function ModelSummary() {
  const t = useT();
  const language = useLanguage();
  const model = useKairo((state) => state.model);
  const stale = useResultIsStale();
  if (!model) return <p className="tp-note">{t('training.model.empty')}</p>;
  const { summary, plan } = model;
  const count = (value: number | null) => (value === null ? '—' : formatInteger(value, language));
  return (
    <div className={`tp-model${stale ? ' is-stale' : ''}`} data-stale={stale}>
      <StaleNote />
      <div className="tp-model-table-wrap">
        <table className="tp-table" data-testid="model-summary">
          <thead>
            <tr>
              <th>{t('training.model.layer')}</th>
              <th>{t('training.model.node')}</th>
              <th>{t('training.model.shape')}</th>
              <th className="num">{t('training.model.params')}</th>
            </tr>
          </thead>
          <tbody>
            {summary.layers.map((layer) => {
              const definition = getNodeDefinition(layer.type);
              return (
                <tr key={layer.layerName}>
                  <td>
                    {definition
                      ? localized(definition.title, language)
                      : layer.type === 'InputLayer'
                        ? t('training.model.input')
                        : layer.type}
                  </td>
                  <td className="mono muted">{layer.nodeId ?? layer.layerName}</td>
                  <td className="mono">{shapeLabel(layer.outputShape) || t('training.model.scalar')}</td>
                  <td className="num mono">{formatInteger(layer.params, language)}</td>
                </tr>
              );
            })}
          </tbody>
          <tfoot>
            <tr>
              <td colSpan={3}>{t('training.model.total')}</td>
              <td className="num mono" data-testid="model-total-params">
                {formatInteger(summary.totalParams, language)}
              </td>
            </tr>
            {summary.trainableParams !== summary.totalParams ? (
              <tr>
                <td colSpan={3}>{t('training.model.trainable')}</td>
                <td className="num mono">{formatInteger(summary.trainableParams, language)}</td>
              </tr>
            ) : null}
          </tfoot>
        </table>
      </div>
      <dl className="tp-facts">
        <dt>{t('training.facts.trainImages')}</dt>
        <dd>{count(plan.trainCount)}</dd>
        <dt>{t('training.facts.validationImages')}</dt>
        <dd>{count(plan.validationCount)}</dd>
        <dt>{t('training.facts.testImages')}</dt>
        <dd>{count(plan.testCount)}</dd>
        <dt>{t('training.facts.batchSize')}</dt>
        <dd>{formatInteger(plan.batchSize, language)}</dd>
        <dt>{t('training.facts.epochs')}</dt>
        <dd>{formatInteger(plan.epochs, language)}</dd>
        <dt>{t('training.facts.classes')}</dt>
        <dd>{classRanges(plan.classNames)}</dd>
      </dl>
      {plan.notices.length > 0 ? (
        <ul className="tp-warnings">
          {plan.notices.map((notice) => (
            <li key={`${notice.code}-${JSON.stringify(notice.vars)}`} data-code={notice.code}>
              {describeEngineMessage(notice, t)}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
