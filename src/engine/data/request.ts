/**
 * What data a graph trains on, as a plain request the worker (or the CLI) can load: MNIST, the
 * images a reference names prepared at the node's size, colour and fit, or a table encoded as the
 * node says. Pure and tfjs-free, so the main thread can ask "is this the data that is loaded?" and
 * "does this browser hold it?" with the same keys the worker uses.
 */
import { type DatasetSettings, datasetNode } from '../../../nodes/dataset';
import { paramsAs } from '../../graph/analyze';
import { dataIdentity, type ImageDataReference, isPlaceholder, type TableDataReference } from '../../graph/dataReference';
import { resolveNode } from '../../graph/resolveNode';
import type { Graph } from '../../graph/types';
import type { ImageSettings } from './imageImport';
import type { HoldOutSettings } from './imageSamples';
import type { TableSettings } from './tableEncode';

export type DataRequest =
  | { source: 'mnist' }
  | { source: 'images'; reference: ImageDataReference; image: ImageSettings; holdOut: HoldOutSettings }
  | { source: 'table'; reference: TableDataReference; table: TableSettings };

/** The request of a dataset node's params; undefined when it names no data yet (a template's placeholder, none chosen). */
export function dataRequestOf(settings: DatasetSettings): DataRequest | undefined {
  if (settings.source === 'mnist') return { source: 'mnist' };
  const reference = settings.data;
  if (!reference || isPlaceholder(reference)) return undefined;
  if (settings.source === 'images' && reference.kind === 'images') {
    return {
      source: 'images',
      reference,
      image: { size: settings.imageSize, channels: settings.color === 'grey' ? 1 : 3, fit: settings.fit },
      holdOut: { testSplit: settings.testSplit, seed: settings.shuffleSeed },
    };
  }
  if (settings.source === 'table' && reference.kind === 'table') {
    return { source: 'table', reference, table: { missing: settings.missing, testSplit: settings.testSplit, seed: settings.shuffleSeed } };
  }
  return undefined;
}

/** The dataset node's params of a graph (the first node of that type), checked by the one validator. */
export function datasetSettingsOf(graph: Pick<Graph, 'nodes'>): DatasetSettings | undefined {
  const node = graph.nodes.find((candidate) => candidate.type === datasetNode.type);
  if (!node) return undefined;
  const resolution = resolveNode(node);
  if (!resolution.definition) return undefined;
  return paramsAs(datasetNode, { id: node.id, definition: resolution.definition, params: resolution.params, inputs: {} });
}

/**
 * Where IndexedDB keeps imported data: images per (content, size, colour, fit), since they are
 * stored decoded; a table once per content (it is encoded when loaded).
 */
export function storageKeyOf(request: Exclude<DataRequest, { source: 'mnist' }>): string {
  if (request.source === 'images') {
    const { size, channels, fit } = request.image;
    return `images:${request.reference.fingerprint}:${size}x${size}x${channels}:${fit}`;
  }
  return `table:${request.reference.fingerprint}`;
}

/** Equal keys load the same samples: what the worker has loaded is reused only for an equal key. */
export function dataRequestKey(request: DataRequest): string {
  switch (request.source) {
    case 'mnist':
      return 'mnist';
    case 'images':
      return `${storageKeyOf(request)}:test=${request.holdOut.testSplit}:seed=${request.holdOut.seed}`;
    case 'table':
      return `${dataIdentity(request.reference)}:${JSON.stringify(request.table)}`;
  }
}
