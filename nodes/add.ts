import { connectedMergeInputs, MERGE_INPUTS } from './merge';
import { portRef, shapeRef } from '../src/graph/issues';
import { shapeOk, shapeProblem, TENSOR_OUTPUT } from './shared';
import { defineNode } from './types';

export const addNode = defineNode({
  type: 'add',
  version: 1,
  role: 'layer',
  category: 'merge',
  title: { en: 'Add', ja: '加算' },
  description: {
    en: 'Adds its inputs value by value (e.g. a skip connection). All inputs must have the same shape.',
    ja: '入力どうしを値ごとに足し合わせる（スキップ接続など）。すべての入力が同じ形でなければならない。',
  },
  inputs: MERGE_INPUTS,
  outputs: [TENSOR_OUTPUT],
  params: {},
  inferShape(inputs) {
    const connected = connectedMergeInputs(inputs);
    if ('missing' in connected) return shapeProblem('MISSING_INPUT', { port: connected.missing });
    const [first, ...rest] = connected.shapes;
    if (first === undefined) return shapeProblem('MISSING_INPUT', { port: 'in1' });
    const out = [...first.shape];
    for (const { port, shape } of rest) {
      const sameRank = shape.length === out.length;
      if (!sameRank || shape.some((dim, axis) => dim !== null && out[axis] !== null && dim !== out[axis])) {
        return shapeProblem('INCOMPATIBLE_SHAPES', {
          variant: 'add',
          vars: { first: portRef('add', first.port), firstShape: shapeRef(first.shape), other: portRef('add', port), otherShape: shapeRef(shape) },
          port,
        });
      }
      // An unknown size on one input is taken from another input that knows it.
      shape.forEach((dim, axis) => {
        if (axis > 0 && out[axis] === null) out[axis] = dim;
      });
    }
    return shapeOk({ out });
  },
  paramCount: () => 0,
  build: (tf, _params, ctx) => tf.layers.add({ name: ctx.name }),
});
