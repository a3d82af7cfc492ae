import type { Shape } from '../src/graph/types';
import { formatShape, inputShape, productOf, shapeOk, shapeProblem, TENSOR_INPUT, TENSOR_OUTPUT } from './shared';
import { defineNode, type ShapeResult } from './types';

function inferReshapeShape(inputs: Readonly<Record<string, Shape>>, target: readonly number[]): ShapeResult {
  const input = inputShape(inputs, 'in');
  if ('failure' in input) return input.failure;
  if (target.length === 0) {
    return shapeProblem('INVALID_PARAM', 'The new shape needs at least one size.', { param: 'targetShape' });
  }
  if (!target.every((size) => Number.isInteger(size) && (size >= 1 || size === -1))) {
    return shapeProblem('INVALID_PARAM', 'Every size in the new shape must be a positive whole number or -1.', {
      param: 'targetShape',
    });
  }
  const unknownAt = target.indexOf(-1);
  if (unknownAt !== target.lastIndexOf(-1)) {
    return shapeProblem('INVALID_PARAM', 'Only one size of the new shape may be -1.', { param: 'targetShape' });
  }
  const inputCount = productOf(input.shape.slice(1));
  const knownCount = target.reduce((product, size) => (size === -1 ? product : product * size), 1);
  const written = `[${target.join(', ')}]`;
  if (unknownAt === -1) {
    if (inputCount !== null && inputCount !== knownCount) {
      return shapeProblem(
        'INVALID_SHAPE',
        `Reshape cannot turn ${formatShape(input.shape)} (${inputCount} values) into ${written} (${knownCount} values).`,
        { param: 'targetShape' },
      );
    }
    return shapeOk({ out: [null, ...target] });
  }
  if (inputCount === null) {
    return shapeOk({ out: [null, ...target.map((size) => (size === -1 ? null : size))] });
  }
  if (inputCount % knownCount !== 0) {
    return shapeProblem(
      'INVALID_SHAPE',
      `Reshape cannot split the ${inputCount} values of ${formatShape(input.shape)} into ${written}: ${inputCount} is not a multiple of ${knownCount}.`,
      { param: 'targetShape' },
    );
  }
  return shapeOk({ out: [null, ...target.map((size) => (size === -1 ? inputCount / knownCount : size))] });
}


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
  inferShape: (inputs, params) => inferReshapeShape(inputs, params.targetShape),
  paramCount: () => 0,
  build(tf, params, ctx) {
    // tfjs leaves a -1 unresolved in its symbolic shape (and a later Flatten then refuses it), so the
    // size inferred here is written out.
    const inferred = inferReshapeShape(ctx.inputShapes, params.targetShape);
    const resolved = inferred.ok ? inferred.outputs.out?.slice(1) : undefined;
    const targetShape = resolved?.every((size) => size !== null) ? (resolved as number[]) : [...params.targetShape];
    return tf.layers.reshape({ name: ctx.name, targetShape });
  },
  summary: (params) => `[${params.targetShape.join(', ')}]`,
});
