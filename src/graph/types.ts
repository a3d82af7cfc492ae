/** The graph as a document: plain JSON-like data, the same in a file, the editor and the worker. */

/** A tensor shape; index 0 is the batch dimension, always `null`. */
export type Dim = number | null;
export type Shape = readonly Dim[];

export interface LocalizedText {
  en: string;
  ja: string;
}

export interface GraphNode {
  id: string;
  type: string;
  /** Version of the node type's params schema this node was written with. */
  version: number;
  params: Record<string, unknown>;
  position: { x: number; y: number };
}

export interface GraphEdge {
  id: string;
  source: string;
  sourcePort: string;
  target: string;
  targetPort: string;
}

export interface GraphMeta {
  title: LocalizedText;
  description: LocalizedText;
}

export interface Graph {
  meta: GraphMeta;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export const GRAPH_FORMAT = 'kairo-graph';
export const GRAPH_FORMAT_VERSION = 1;
