/**
 * One-click fixes the inspector offers. "Match the labels": the layer that feeds the loss gets as
 * many units as the labels have columns, and the activation the loss reads (softmax for
 * cross-entropy, sigmoid for binary cross-entropy, none for the hinge and squared losses). With
 * it, a hand-built logistic regression is Dataset → Flatten → Dense → Loss → Optimizer and one click,
 * while Dense keeps defaults that suit the hidden layers it is used for far more often.
 */
import type { ParamSpec } from '../../../nodes/types';
import type { GraphAnalysis } from '../../graph/analyze';
import type { Graph } from '../../graph/types';

export interface LabelMatchFix {
  /** The layer whose params change. */
  nodeId: string;
  units: number;
  activation: string;
}

/** The activation each loss reads its prediction through. */
function activationFor(lossFunction: unknown): string {
  if (lossFunction === 'categoricalCrossentropy') return 'softmax';
  if (lossFunction === 'binaryCrossentropy') return 'sigmoid';
  return 'linear';
}

function isParam(spec: ParamSpec | undefined, type: ParamSpec['type']): boolean {
  return spec?.type === type;
}

/**
 * The fix for the layer that feeds the loss which `nodeId` is (or feeds), when that layer has a
 * unit count and an activation and they do not match the labels; undefined otherwise.
 */
export function labelMatchFix(graph: Graph, analysis: GraphAnalysis, nodeId: string): LabelMatchFix | undefined {
  const intoLoss = graph.edges.find(
    (edge) =>
      (edge.target === nodeId || edge.source === nodeId) &&
      edge.targetPort === 'prediction' &&
      analysis.resolved[edge.target]?.definition.role === 'loss',
  );
  if (!intoLoss) return undefined;
  const loss = analysis.resolved[intoLoss.target];
  const layer = analysis.resolved[intoLoss.source];
  const labelsEdge = loss?.inputs.labels;
  const labels = labelsEdge ? analysis.edges[labelsEdge.id] : undefined;
  const columns = labels?.length === 2 ? labels[1] : undefined;
  if (!loss || !layer || typeof columns !== 'number') return undefined;
  const unitsSpec = layer.definition.params.units;
  const activationSpec = layer.definition.params.activation;
  if (!isParam(unitsSpec, 'int') || activationSpec?.type !== 'enum') return undefined;
  const activation = activationFor(loss.params.function);
  if (!activationSpec.options.includes(activation)) return undefined;
  const params = graph.nodes.find((node) => node.id === layer.id)?.params ?? {};
  if (params.units === columns && params.activation === activation) return undefined;
  return { nodeId: layer.id, units: columns, activation };
}
