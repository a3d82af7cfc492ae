import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { graphFingerprint } from '../../src/graph/fingerprint';
import type { Graph } from '../../src/graph/types';

const cnn = JSON.parse(readFileSync(new URL('../../presets/mnist-cnn.json', import.meta.url), 'utf8')) as Graph;

describe('graph fingerprint', () => {
  it('ignores layout, metadata and listing order', () => {
    const moved: Graph = {
      meta: { title: { en: 'renamed', ja: '改名' }, description: { en: '', ja: '' } },
      nodes: [...cnn.nodes].reverse().map((node) => ({ ...node, position: { x: node.position.x + 50, y: 3 } })),
      edges: [...cnn.edges].reverse(),
    };
    expect(graphFingerprint(moved)).toBe(graphFingerprint(cnn));
  });

  it('changes with a param, a node or a wire', () => {
    const base = graphFingerprint(cnn);
    const [first, ...rest] = cnn.nodes;
    if (!first) throw new Error('empty preset');
    const changedParam = { ...cnn, nodes: [{ ...first, params: { ...first.params, batchSize: 7 } }, ...rest] };
    expect(graphFingerprint(changedParam)).not.toBe(base);
    expect(graphFingerprint({ ...cnn, nodes: rest })).not.toBe(base);
    expect(graphFingerprint({ ...cnn, edges: cnn.edges.slice(1) })).not.toBe(base);
  });
});
