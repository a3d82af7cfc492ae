import { shapeRef } from '../src/graph/issues';
import { inputShape, productOf, shapeOk, shapeProblem, TENSOR_INPUT, TENSOR_OUTPUT } from './shared';
import { defineNode, type NodeProblem } from './types';

export const reshapeNode = defineNode({
  type: 'reshape',
  version: 1,
  role: 'layer',
  category: 'layers',
  title: { en: 'Reshape', ja: '形状変更' },
  description: {
    en: 'Arranges the same values in a new shape, e.g. 784 numbers into a 28×28×1 image. The number of values must stay the same; one size may be -1 (computed).',
    ja: '同じ値を別の形に並べ直す（例: 784 個の数 → 28×28×1 の画像）。値の個数は変わらない。1 か所だけ -1（自動で計算）にできる。',
  },
  inputs: [TENSOR_INPUT],
  outputs: [TENSOR_OUTPUT],
  params: {
    targetShape: {
      type: 'intList',
      default: [28, 28, 1],
      minLength: 1,
      maxLength: 4,
      min: -1,
      label: { en: 'New shape (without batch)', ja: '新しい形（バッチを除く）' },
    },
  },
  valuePreserving: true,
  validate(params): NodeProblem[] {
    const target = params.targetShape;
    const bad = target.find((size) => size === 0 || size < -1);
    if (bad !== undefined) return [{ code: 'INVALID_TARGET_SHAPE', variant: 'size', param: 'targetShape', vars: { size: bad } }];
    if (target.indexOf(-1) !== target.lastIndexOf(-1)) {
      return [{ code: 'INVALID_TARGET_SHAPE', variant: 'twoUnknown', param: 'targetShape', vars: {} }];
    }
    return [];
  },
  inferShape(inputs, params) {
    const input = inputShape(inputs, 'in');
    if ('failure' in input) return input.failure;
    const target = params.targetShape;
    const inputCount = productOf(input.shape.slice(1));
    const knownCount = target.reduce((product, size) => (size === -1 ? product : product * size), 1);
    const vars = { shape: shapeRef(input.shape), count: inputCount ?? '?', target: `[${target.join(', ')}]`, targetCount: knownCount };
    if (!target.includes(-1)) {
      if (inputCount !== null && inputCount !== knownCount) {
        return shapeProblem('INVALID_SHAPE', { variant: 'reshapeCount', vars, param: 'targetShape' });
      }
      return shapeOk({ out: [null, ...target] });
    }
    if (inputCount === null) return shapeOk({ out: [null, ...target.map((size) => (size === -1 ? null : size))] });
    if (inputCount % knownCount !== 0) {
      return shapeProblem('INVALID_SHAPE', { variant: 'reshapeSplit', vars, param: 'targetShape' });
    }
    return shapeOk({ out: [null, ...target.map((size) => (size === -1 ? inputCount / knownCount : size))] });
  },
  paramCount: () => 0,
  build(tf, params, ctx) {
    // tfjs leaves a -1 unresolved in its symbolic shape (and a later Flatten then refuses it), so the
    // size the analysis worked out is written out.
    const resolved = ctx.outputShapes.out?.slice(1);
    const targetShape = resolved?.every((size) => size !== null) ? (resolved as number[]) : [...params.targetShape];
    return tf.layers.reshape({ name: ctx.name, targetShape });
  },
  summary: (params) => `[${params.targetShape.join(', ')}]`,
});
