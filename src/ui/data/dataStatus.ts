/**
 * Whether this browser has the data a dataset node names: availability, not validity. The analysis
 * cannot know (it is pure and synchronous), so the node card, the inspector, the data view and the
 * Train button ask here, against the list of stored data sets the data slice keeps.
 */
import type { DatasetSettings } from '../../../nodes/dataset';
import { type DataRequest, dataRequestOf, datasetSettingsOf, storageKeyOf } from '../../engine/data/request';
import { type DataReference, isPlaceholder } from '../../graph/dataReference';
import { resolveNode } from '../../graph/resolveNode';
import type { Graph, GraphNode } from '../../graph/types';
import type { StoredDatasetMeta } from '../../storage/datasets';
import { paramsAs } from '../../graph/analyze';
import { datasetNode } from '../../../nodes/dataset';

export type DataStatus =
  | { state: 'mnist' }
  | { state: 'builtin'; reference: DataReference }
  /** The source is images or a table, but no data is chosen yet (or only a template's example). */
  | { state: 'notChosen'; source: 'images' | 'table' }
  | { state: 'ready'; reference: DataReference; meta: StoredDatasetMeta }
  /** Named but not in this browser; `other` is the same data stored at another size, colour or fit. */
  | { state: 'missing'; reference: DataReference; other?: StoredDatasetMeta }
  /** The stored list has not been read yet. */
  | { state: 'checking'; reference: DataReference };

type UserRequest = Exclude<DataRequest, { source: 'mnist' }>;

export function dataStatusOf(settings: DatasetSettings | undefined, stored: readonly StoredDatasetMeta[] | null): DataStatus {
  if (!settings || settings.source === 'mnist') return { state: 'mnist' };
  const reference = settings.data;
  if (!reference || reference.kind !== settings.source || isPlaceholder(reference)) return { state: 'notChosen', source: settings.source };
  if (reference.kind === 'table' && reference.builtin) return { state: 'builtin', reference };
  const request = dataRequestOf(settings) as UserRequest | undefined;
  if (!request) return { state: 'notChosen', source: settings.source };
  if (stored === null) return { state: 'checking', reference };
  const key = storageKeyOf(request);
  const meta = stored.find((each) => each.key === key);
  if (meta) return { state: 'ready', reference, meta };
  const other = stored.find((each) => each.reference.kind === reference.kind && each.reference.fingerprint === reference.fingerprint);
  return { state: 'missing', reference, ...(other ? { other } : {}) };
}

/** The dataset node's checked params. */
export function settingsOfNode(node: GraphNode | undefined): DatasetSettings | undefined {
  if (node?.type !== datasetNode.type) return undefined;
  const resolution = resolveNode(node);
  if (!resolution.definition) return undefined;
  return paramsAs(datasetNode, { id: node.id, definition: resolution.definition, params: resolution.params, inputs: {} });
}

export function graphDataStatus(graph: Pick<Graph, 'nodes'>, stored: readonly StoredDatasetMeta[] | null): DataStatus {
  return dataStatusOf(datasetSettingsOf(graph), stored);
}

/** Whether training can start as far as data goes (the worker still checks when it loads). */
export function blocksTraining(status: DataStatus): boolean {
  return status.state === 'notChosen' || status.state === 'missing';
}

/** The name of the user's data (images or a table) the graph trains on; undefined for MNIST. */
export function ownDataName(graph: Pick<Graph, 'nodes'>): string | undefined {
  const settings = datasetSettingsOf(graph);
  if (!settings || settings.source === 'mnist') return undefined;
  return settings.data && !isPlaceholder(settings.data) ? settings.data.name : '';
}
