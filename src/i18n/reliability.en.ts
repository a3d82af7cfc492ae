/**
 * English texts of Kairo's safeguards: the documents the autosave keeps (Recent, versions, the
 * unreadable-autosave rescue, the storage notice, other tabs), the editor's limits and the forced
 * stop of a training run. Spread into en.ts; ja has the same keys (reliability.ja.ts).
 */
export const reliabilityEn = {
  'reliability.limit.nodes': 'Not added: the graph would have {count} nodes, and a graph may have at most {limit}.',
  'reliability.limit.edges': 'Not added: the graph would have {count} connections, and a graph may have at most {limit}.',
} as const;

export type ReliabilityKey = keyof typeof reliabilityEn;
