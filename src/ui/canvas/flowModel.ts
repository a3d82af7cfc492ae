/**
 * The graph as React Flow nodes and edges. Flow objects are cached per graph object, selection and
 * measured size, so an edit (or a drag frame) hands React Flow new objects only for what changed.
 */
import { getNodeDefinition } from '../../../nodes/index';
import type { PortKind } from '../../../nodes/types';
import type { GraphEdge, GraphNode } from '../../graph/types';
import type { XY } from '../../graph/edits';
import type { KairoFlowNode } from './KairoNode';
import type { ShapeFlowEdge } from './ShapeEdge';

export interface Size {
  width: number;
  height: number;
}

const EMPTY_DATA: Record<string, never> = {};

interface NodeEntry {
  source: GraphNode;
  selected: boolean;
  size: Size | undefined;
  position: XY;
  label: string | undefined;
  flow: KairoFlowNode;
}

interface EdgeEntry {
  source: GraphEdge;
  selected: boolean;
  kind: PortKind;
  label: string | undefined;
  flow: ShapeFlowEdge;
}

export class FlowModel {
  private nodes = new Map<string, NodeEntry>();
  private edges = new Map<string, EdgeEntry>();
  private lastEdges: ShapeFlowEdge[] = [];
  /** Sizes React Flow measured; kept here because flow nodes must carry them back on every update. */
  readonly sizes = new Map<string, Size>();

  /**
   * Flow nodes for the graph's nodes; `moving` holds positions of nodes being dragged, which only
   * the canvas knows until the drag ends; `labels` are the cards' accessible names.
   */
  flowNodes(
    graphNodes: readonly GraphNode[],
    selected: ReadonlySet<string>,
    moving: ReadonlyMap<string, XY> | null,
    labels: ReadonlyMap<string, string> = new Map(),
  ): KairoFlowNode[] {
    const next = new Map<string, NodeEntry>();
    const result = graphNodes.map((node) => {
      const isSelected = selected.has(node.id);
      const size = this.sizes.get(node.id);
      const position = moving?.get(node.id) ?? node.position;
      const label = labels.get(node.id);
      const cached = this.nodes.get(node.id);
      const entry =
        cached &&
        cached.source === node &&
        cached.selected === isSelected &&
        cached.size === size &&
        cached.position === position &&
        cached.label === label
          ? cached
          : {
              source: node,
              selected: isSelected,
              size,
              position,
              label,
              flow: {
                id: node.id,
                type: 'kairo' as const,
                position,
                data: EMPTY_DATA,
                selected: isSelected,
                ...(label !== undefined ? { ariaLabel: label } : {}),
                ...(size ? { measured: size } : {}),
              },
            };
      next.set(node.id, entry);
      return entry.flow;
    });
    this.nodes = next;
    for (const id of this.sizes.keys()) if (!next.has(id)) this.sizes.delete(id);
    return result;
  }

  flowEdges(
    graphEdges: readonly GraphEdge[],
    nodeTypes: ReadonlyMap<string, string>,
    selected: ReadonlySet<string>,
    labels: ReadonlyMap<string, string> = new Map(),
  ): ShapeFlowEdge[] {
    const next = new Map<string, EdgeEntry>();
    const result = graphEdges.map((edge) => {
      const isSelected = selected.has(edge.id);
      const sourceType = nodeTypes.get(edge.source);
      const port = sourceType
        ? getNodeDefinition(sourceType)?.outputs.find((each) => each.name === edge.sourcePort)
        : undefined;
      const kind: PortKind = port?.kind ?? 'tensor';
      const label = labels.get(edge.id);
      const cached = this.edges.get(edge.id);
      const entry =
        cached && cached.source === edge && cached.selected === isSelected && cached.kind === kind && cached.label === label
          ? cached
          : {
              source: edge,
              selected: isSelected,
              kind,
              label,
              flow: {
                id: edge.id,
                type: 'shape' as const,
                // A focused wire's Delete is the editor's (useShortcuts), so it removes that wire only.
                className: 'nokey',
                source: edge.source,
                sourceHandle: edge.sourcePort,
                target: edge.target,
                targetHandle: edge.targetPort,
                selected: isSelected,
                data: { kind },
                ...(label !== undefined ? { ariaLabel: label } : {}),
              },
            };
      next.set(edge.id, entry);
      return entry.flow;
    });
    this.edges = next;
    // Unchanged edges keep the same array: React Flow then skips rebuilding its connection lookup.
    const unchanged =
      result.length === this.lastEdges.length && result.every((edge, index) => edge === this.lastEdges[index]);
    if (!unchanged) this.lastEdges = result;
    return this.lastEdges;
  }
}
