/**
 * The one set of limits every stage enforces: the loader refuses a file beyond them, the editor
 * refuses (or clamps) an edit that would cross them, the analysis reports a graph whose training
 * would not fit, and the CLI prints the same problems. A graph the editor can make is always one
 * its loader opens, and a graph the analysis passes is one the engine can hold in memory.
 *
 * The memory figure is an estimate made before anything is allocated, from the analysed shapes:
 * float32 weights, their gradients and the optimizer's per-weight state, plus every layer's output
 * for one batch twice (kept for the backward pass, and its gradient). It errs high rather than low.
 */
import type { NodeDefinition, ParamSpecs, ParamValues } from '../../nodes/types';
import { type Issue, listRef, makeIssue } from './issues';
import type { Shape } from './types';

export const GRAPH_LIMITS = {
  /** Nodes in one graph: far above any network drawn by hand, low enough to keep the canvas usable. */
  maxNodes: 5_000,
  /** Edges in one graph (no node takes more than a few inputs). */
  maxEdges: 20_000,
  /** Characters of a title, per language. */
  maxTitleChars: 200,
  /** Characters of a description, per language. */
  maxDescriptionChars: 20_000,
  /** Largest |x| or |y| of a node on the canvas, in canvas pixels (SVG and fit-view stay exact far beyond). */
  maxCoordinate: 1_000_000,
  /** Weights in one graph (400 MB as float32, before gradients and optimizer state). */
  maxTotalParams: 100_000_000,
  /**
   * What one training step may need (weights, gradients, optimizer state, one batch of activations):
   * the WebGL texture memory of an ordinary laptop, and half of what 32-bit WebAssembly can address.
   */
  memoryBudgetBytes: 2_000_000_000,
} as const;

const BYTES_PER_VALUE = 4;

/** "17.4 GB", "812 MB": bytes as the messages write them (decimal units, the same in both languages). */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${Math.round(bytes / 1e6)} MB`;
  return `${Math.max(1, Math.round(bytes / 1e3))} kB`;
}

/** A position the canvas can draw: finite and within ±maxCoordinate. */
export function isDrawablePosition(value: number): boolean {
  return Number.isFinite(value) && Math.abs(value) <= GRAPH_LIMITS.maxCoordinate;
}

/** The nearest drawable coordinate (whole pixels). */
export function clampCoordinate(value: number): number {
  if (Number.isNaN(value)) return 0;
  const limit = GRAPH_LIMITS.maxCoordinate;
  return Math.round(Math.min(limit, Math.max(-limit, value)));
}

/** What one node adds to a training step's memory, by part. */
export interface NodeMemory {
  nodeId: string;
  /** A layer (what a message can advise to shrink), not the dataset's input batch or the loss. */
  isLayer: boolean;
  params: number;
  /** Weights + gradients + optimizer state, in bytes. */
  weightBytes: number;
  /** Its outputs for one batch, kept and differentiated, in bytes. */
  activationBytes: number;
}

export interface MemoryEstimate {
  batchSize: number;
  /** Values the optimizer keeps per weight (Adam: 2). */
  optimizerSlots: number;
  totalBytes: number;
  /** Per node, largest first. */
  nodes: NodeMemory[];
}

/** The layer that needs the most memory (what a message names), else the largest node of any kind. */
export function largestLayer(memory: MemoryEstimate): NodeMemory | undefined {
  return memory.nodes.find((node) => node.isLayer) ?? memory.nodes[0];
}

interface EstimateInput {
  /** Nodes in training order (the dataset first). */
  path: readonly string[];
  datasetId: string | undefined;
  optimizerId: string | undefined;
  definitionOf(id: string): NodeDefinition<ParamSpecs> | undefined;
  paramsOf(id: string): ParamValues<ParamSpecs> | undefined;
  outputsOf(id: string): Readonly<Record<string, Shape>> | undefined;
  paramCountOf(id: string): number;
}

function elementsPerSample(shape: Shape): number {
  let count = 1;
  for (let axis = 1; axis < shape.length; axis++) count *= shape[axis] ?? 1;
  return count;
}

/** The estimate of one training step of the path, or undefined when there is no dataset to size a batch. */
export function estimateTrainingMemory(input: EstimateInput): MemoryEstimate | undefined {
  const datasetId = input.datasetId;
  if (datasetId === undefined) return undefined;
  const datasetDefinition = input.definitionOf(datasetId);
  const datasetParams = input.paramsOf(datasetId);
  const batchSize = datasetDefinition?.batchSize && datasetParams ? datasetDefinition.batchSize(datasetParams) : 1;
  const optimizerDefinition = input.optimizerId === undefined ? undefined : input.definitionOf(input.optimizerId);
  const optimizerParams = input.optimizerId === undefined ? undefined : input.paramsOf(input.optimizerId);
  const optimizerSlots =
    optimizerDefinition?.stateSlotsPerWeight && optimizerParams ? optimizerDefinition.stateSlotsPerWeight(optimizerParams) : 2;
  const nodes: NodeMemory[] = [];
  let totalBytes = 0;
  for (const id of [datasetId, ...input.path.filter((each) => each !== datasetId)]) {
    const params = input.paramCountOf(id);
    let activations = 0;
    for (const shape of Object.values(input.outputsOf(id) ?? {})) activations += elementsPerSample(shape);
    const weightBytes = params * BYTES_PER_VALUE * (2 + optimizerSlots);
    const activationBytes = activations * batchSize * BYTES_PER_VALUE * 2;
    const isLayer = input.definitionOf(id)?.role === 'layer';
    nodes.push({ nodeId: id, isLayer, params, weightBytes, activationBytes });
    totalBytes += weightBytes + activationBytes;
  }
  nodes.sort((a, b) => b.weightBytes + b.activationBytes - (a.weightBytes + a.activationBytes));
  return { batchSize, optimizerSlots, totalBytes, nodes };
}

/** Up to three ids that make up most of `total`, largest first: what a message names. */
function largest<T>(items: readonly T[], size: (item: T) => number, id: (item: T) => string): string[] {
  const total = items.reduce((sum, item) => sum + size(item), 0);
  const named: string[] = [];
  let covered = 0;
  for (const item of [...items].sort((a, b) => size(b) - size(a))) {
    if (named.length >= 3 || (named.length > 0 && covered >= total * 0.8)) break;
    named.push(id(item));
    covered += size(item);
  }
  return named;
}

function activationsDominate(memory: MemoryEstimate): boolean {
  let activations = 0;
  for (const node of memory.nodes) activations += node.activationBytes;
  return activations * 2 > memory.totalBytes;
}

/**
 * TOO_MANY_PARAMS and OVER_MEMORY_BUDGET, placed on the node that contributes most and naming the
 * few that make up most of the figure. Empty when the graph fits.
 */
export function budgetIssues(paramsByNode: ReadonlyMap<string, number>, memory: MemoryEstimate | undefined): Issue[] {
  const issues: Issue[] = [];
  let totalParams = 0;
  for (const count of paramsByNode.values()) totalParams += count;
  if (totalParams > GRAPH_LIMITS.maxTotalParams) {
    const entries = [...paramsByNode.entries()];
    const nodes = largest(entries, ([, count]) => count, ([id]) => id);
    issues.push(
      makeIssue('TOO_MANY_PARAMS', {
        vars: { count: totalParams, limit: GRAPH_LIMITS.maxTotalParams, nodes: listRef(nodes) },
        ...(nodes[0] !== undefined ? { nodeId: nodes[0] } : {}),
      }),
    );
  }
  if (memory && memory.totalBytes > GRAPH_LIMITS.memoryBudgetBytes) {
    const size = (node: NodeMemory) => node.weightBytes + node.activationBytes;
    const layers = memory.nodes.filter((node) => node.isLayer);
    const nodes = largest(layers.length > 0 ? layers : memory.nodes, size, (node) => node.nodeId);
    const first = memory.nodes.find((node) => node.nodeId === nodes[0]);
    issues.push(
      makeIssue('OVER_MEMORY_BUDGET', {
        // The advice differs: a smaller batch shrinks activations, only a smaller layer shrinks weights.
        variant: activationsDominate(memory) ? 'activations' : 'weights',
        vars: {
          estimate: formatBytes(memory.totalBytes),
          budget: formatBytes(GRAPH_LIMITS.memoryBudgetBytes),
          nodes: listRef(nodes),
          largest: first ? formatBytes(size(first)) : '',
          batch: memory.batchSize,
        },
        ...(nodes[0] !== undefined ? { nodeId: nodes[0] } : {}),
      }),
    );
  }
  return issues;
}
