/** The data status of a dataset node (or of the graph's), from the store: re-renders when it changes. */
import { useEffect } from 'react';
import { kairoStore, useKairo } from '../../store/index';
import { nodeIndex } from '../selectors';
import { useT } from '../useT';
import { refreshStoredDatasets } from './dataActions';
import { type DataStatus, dataStatusOf, graphDataStatus, settingsOfNode } from './dataStatus';

export function useNodeDataStatus(nodeId: string): DataStatus {
  const node = useKairo((state) => nodeIndex(state.graph.nodes).get(nodeId));
  const stored = useKairo((state) => state.storedDatasets);
  return dataStatusOf(settingsOfNode(node), stored);
}

export function useGraphDataStatus(): DataStatus {
  const nodes = useKairo((state) => state.graph.nodes);
  const stored = useKairo((state) => state.storedDatasets);
  return graphDataStatus({ nodes }, stored);
}

/** Lists the stored data sets once, when the editor starts. */
export function useStoredDatasetsOnStart(): void {
  useEffect(() => {
    if (kairoStore.getState().storedDatasets === null) void refreshStoredDatasets();
  }, []);
}

/** Why training must wait for data (the data is not chosen, or not in this browser), with its code; undefined when it need not. */
export function useTrainingDataBlock(): { message: string; code: string } | undefined {
  const status = useGraphDataStatus();
  const t = useT();
  if (status.state === 'notChosen') {
    return { message: t(status.source === 'images' ? 'data.blocked.images' : 'data.blocked.table'), code: 'DATA_NOT_CHOSEN' };
  }
  if (status.state === 'missing') return { message: t('engine.DATA_NOT_STORED', { name: status.reference.name }), code: 'DATA_NOT_STORED' };
  return undefined;
}
