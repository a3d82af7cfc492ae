import { connectedMergeInputs, MERGE_INPUTS } from './merge';
import { portRef, shapeRef } from '../src/graph/issues';
import { shapeOk, shapeProblem, TENSOR_OUTPUT } from './shared';
import { defineNode } from './types';

export const concatenateNode = defineNode({
  type: 'concatenate',
  version: 1,
  role: 'layer',
  category: 'merge',
  title: { en: 'Concatenate', ja: '連結' },
  description: {
    en: 'Joins its inputs side by side along one axis (by default the last, e.g. the channels). All other sizes must match.',
    ja: '入力を 1 つの軸に沿って並べてつなぐ（既定は最後の軸、例えばチャネル）。それ以外の大きさはそろっている必要がある。',
  },
  inputs: MERGE_INPUTS,
  outputs: [TENSOR_OUTPUT],
  params: {
    axis: {
      type: 'int',
      default: -1,
      label: { en: 'Axis (−1 = last)', ja: '連結する軸（−1 = 最後）' },
    },
  },
  inferShape(inputs, params) {
    const connected = connectedMergeInputs(inputs);
    if ('missing' in connected) return shapeProblem('MISSING_INPUT', { port: connected.missing });
    const [first, ...rest] = connected.shapes;
    if (first === undefined) return shapeProblem('MISSING_INPUT', { port: 'in1' });
    const rank = first.shape.length;
    const axis = params.axis < 0 ? rank + params.axis : params.axis;
    if (axis < 1 || axis >= rank) {
      return shapeProblem('AXIS_OUT_OF_RANGE', {
        vars: { axis: params.axis, shape: shapeRef(first.shape), last: rank - 1 },
        param: 'axis',
      });
    }
    const out = [...first.shape];
    for (const { port, shape } of rest) {
      const mismatch =
        shape.length !== rank ||
        shape.some((dim, index) => index !== axis && dim !== null && out[index] !== null && dim !== out[index]);
      if (mismatch) {
        return shapeProblem('INCOMPATIBLE_SHAPES', {
          variant: 'concatenate',
          vars: {
            axis,
            first: portRef('concatenate', first.port),
            firstShape: shapeRef(first.shape),
            other: portRef('concatenate', port),
            otherShape: shapeRef(shape),
          },
          port,
        });
      }
      shape.forEach((dim, index) => {
        if (index === axis) {
          const sum = out[index];
          out[index] = sum === null || sum === undefined || dim === null ? null : sum + dim;
        } else if (index > 0 && out[index] === null) {
          out[index] = dim;
        }
      });
    }
    return shapeOk({ out });
  },
  paramCount: () => 0,
  build: (tf, params, ctx) => tf.layers.concatenate({ name: ctx.name, axis: params.axis }),
  summary: (params) => `axis ${params.axis}`,
});
