/**
 * The line on the dataset node's card that says whether this browser has the data the node names,
 * with a button to choose it when it does not. Missing data is not an error of the graph: the card
 * stays as it is, and only training waits for the data.
 */
import { kairoStore } from '../../store/index';
import { useT } from '../useT';
import { useNodeDataStatus } from './useDataStatus';

export function DatasetNodeData({ nodeId }: { nodeId: string }) {
  const t = useT();
  const status = useNodeDataStatus(nodeId);
  if (status.state === 'mnist' || status.state === 'checking') return null;
  const needs = status.state === 'notChosen' || status.state === 'missing';
  const text =
    status.state === 'notChosen'
      ? t(status.source === 'images' ? 'data.node.chooseImages' : 'data.node.chooseTable')
      : status.state === 'missing'
        ? t('data.node.missing', { name: status.reference.name })
        : status.state === 'builtin'
          ? t('data.node.builtin')
          : t('data.node.ready');
  return (
    <div className={`kn-data${needs ? ' kn-data--needs' : ''}`} data-testid="node-data-status" data-state={status.state}>
      <span className="kn-data-text">{text}</span>
      {needs ? (
        <button
          type="button"
          className="kn-data-pick nodrag"
          onClick={(event) => {
            event.stopPropagation();
            kairoStore.getState().openDataView(nodeId);
          }}
          data-testid="node-data-pick"
        >
          {t('data.node.pick')}
        </button>
      ) : null}
    </div>
  );
}
