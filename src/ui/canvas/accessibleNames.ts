/**
 * What assistive technology reads for each card and wire: a card is named by its type, id, settings,
 * output shape, parameters and problems ("Conv2D conv1, 32 · 3×3 · relu, output 26×26×32, 320
 * parameters"), not by all of its small print run together; a wire by the ports it joins and the
 * shape it carries.
 */
import { useMemo } from 'react';
import { getNodeDefinition } from '../../../nodes/index';
import type { NodeDefinition, ParamSpecs, ParamValues } from '../../../nodes/types';
import type { GraphAnalysis } from '../../graph/analyze';
import type { Graph } from '../../graph/types';
import { formatCount, type Language, localized, translate } from '../../i18n/index';
import { selectAnalysis, useKairo } from '../../store/index';
import { shapeLabel } from '../shapeText';
import { describePort } from './wiring';

export interface AccessibleNames {
  nodes: ReadonlyMap<string, string>;
  edges: ReadonlyMap<string, string>;
}

function summaryOf(definition: NodeDefinition<ParamSpecs>, params: Record<string, unknown>): string {
  try {
    return definition.summary?.(params as ParamValues<ParamSpecs>) ?? '';
  } catch {
    return '';
  }
}

function shapeText(shape: Parameters<typeof shapeLabel>[0], language: Language): string {
  const text = shapeLabel(shape);
  return text === undefined ? translate(language, 'shape.unknown') : text === '' ? translate(language, 'shape.scalar') : text;
}

export function accessibleNames(graph: Graph, analysis: GraphAnalysis, language: Language): AccessibleNames {
  const t = (key: Parameters<typeof translate>[1], vars?: Parameters<typeof translate>[2]) => translate(language, key, vars);
  const errors = new Map<string, number>();
  for (const issue of analysis.issues) {
    if (issue.nodeId !== undefined && issue.severity === 'error') errors.set(issue.nodeId, (errors.get(issue.nodeId) ?? 0) + 1);
  }
  const nodes = new Map<string, string>();
  for (const node of graph.nodes) {
    const definition = getNodeDefinition(node.type);
    if (!definition) {
      nodes.set(node.id, `${node.type} ${node.id}`);
      continue;
    }
    const info = analysis.nodes[node.id];
    const parts = [`${localized(definition.title, language)} ${node.id}`];
    const summary = summaryOf(definition, node.params);
    if (summary) parts.push(summary);
    for (const port of definition.outputs) {
      const shape = shapeText(info?.outputs[port.name], language);
      parts.push(
        definition.outputs.length > 1
          ? t('editor.a11y.outputNamed', { port: localized(port.label, language), shape })
          : t('editor.a11y.output', { shape }),
      );
    }
    if (definition.role === 'layer' && info) parts.push(t('editor.a11y.params', { count: formatCount(info.params, language) }));
    const count = errors.get(node.id);
    if (count) parts.push(t(count === 1 ? 'editor.a11y.oneError' : 'editor.a11y.errors', { count }));
    nodes.set(node.id, parts.join(t('editor.a11y.separator')));
  }
  const edges = new Map<string, string>();
  for (const edge of graph.edges) {
    const from = describePort(graph, { nodeId: edge.source, port: edge.sourcePort, side: 'out' }, language);
    const to = describePort(graph, { nodeId: edge.target, port: edge.targetPort, side: 'in' }, language);
    const shape = analysis.edges[edge.id];
    edges.set(edge.id, t('editor.a11y.edgeName', { from, to, shape: shapeText(shape, language) }));
  }
  return { nodes, edges };
}

/** The names of the current graph's cards and wires, recomputed when the graph, its analysis or the language changes. */
export function useAccessibleNames(): AccessibleNames {
  const graph = useKairo((state) => state.graph);
  const analysis = useKairo(selectAnalysis);
  const language = useKairo((state) => state.language);
  return useMemo(() => accessibleNames(graph, analysis, language), [graph, analysis, language]);
}
