import { shapeOk, shapeProblem } from './shared';
import { defineNode, type ParamValues } from './types';

export const OPTIMIZER_ALGORITHMS = ['sgd', 'adam', 'rmsprop', 'adadelta', 'adagrad'] as const;
export type OptimizerAlgorithm = (typeof OPTIMIZER_ALGORITHMS)[number];

export const optimizerNode = defineNode({
  type: 'optimizer',
  version: 1,
  role: 'optimizer',
  category: 'training',
  title: { en: 'Optimizer', ja: '最適化手法' },
  description: {
    en: 'How the weights are changed to lower the loss, and for how long: the algorithm, its learning rate, the number of epochs and the seed of the initial weights.',
    ja: '損失を下げるために重みをどう動かすか、どれだけ続けるか。アルゴリズム、学習率、エポック数、初期重みの乱数シード。',
  },
  inputs: [{ name: 'loss', kind: 'loss', label: { en: 'Loss', ja: '損失' } }],
  outputs: [],
  params: {
    algorithm: {
      type: 'enum',
      default: 'adam',
      options: OPTIMIZER_ALGORITHMS,
      label: { en: 'Algorithm', ja: 'アルゴリズム' },
    },
    learningRate: {
      type: 'float',
      default: 0.001,
      min: 0,
      minExclusive: true,
      label: { en: 'Learning rate', ja: '学習率' },
      help: { en: 'Size of each step down the loss.', ja: '損失を下げる 1 歩の大きさ。' },
    },
    momentum: {
      type: 'float',
      default: 0,
      min: 0,
      label: { en: 'Momentum', ja: 'モーメンタム' },
      showWhen: { param: 'algorithm', values: ['sgd', 'rmsprop'] },
    },
    nesterov: {
      type: 'bool',
      default: false,
      label: { en: 'Nesterov momentum', ja: 'ネステロフの加速法' },
      showWhen: { param: 'algorithm', values: ['sgd'] },
    },
    rho: {
      type: 'float',
      default: 0.9,
      min: 0,
      max: 1,
      label: { en: 'Decay rate ρ', ja: '減衰率 ρ' },
      showWhen: { param: 'algorithm', values: ['rmsprop', 'adadelta'] },
    },
    beta1: {
      type: 'float',
      default: 0.9,
      min: 0,
      max: 1,
      maxExclusive: true,
      label: { en: 'β1 (first moment decay)', ja: 'β1（1 次モーメントの減衰率）' },
      showWhen: { param: 'algorithm', values: ['adam'] },
    },
    beta2: {
      type: 'float',
      default: 0.999,
      min: 0,
      max: 1,
      maxExclusive: true,
      label: { en: 'β2 (second moment decay)', ja: 'β2（2 次モーメントの減衰率）' },
      showWhen: { param: 'algorithm', values: ['adam'] },
    },
    epsilon: {
      type: 'float',
      default: 1e-7,
      min: 0,
      minExclusive: true,
      label: { en: 'Epsilon ε', ja: 'イプシロン ε' },
      help: { en: 'Small number that keeps divisions finite.', ja: '割り算が発散しないように足す小さな数。' },
      showWhen: { param: 'algorithm', values: ['adam', 'rmsprop', 'adadelta'] },
    },
    initialAccumulatorValue: {
      type: 'float',
      default: 0.1,
      min: 0,
      label: { en: 'Initial accumulator', ja: '累積値の初期値' },
      showWhen: { param: 'algorithm', values: ['adagrad'] },
    },
    epochs: {
      type: 'int',
      // Adam at 0.001 reaches most of its accuracy within a few epochs on MNIST for logistic
      // regression, an MLP and a CNN alike; five keeps a first hand-built CNN run at minutes, not an hour.
      default: 5,
      min: 1,
      max: 1000,
      label: { en: 'Epochs', ja: 'エポック数' },
      help: { en: 'How many times training goes through all training images.', ja: '学習データ全体を何周するか。' },
    },
    seed: {
      type: 'int',
      default: 1,
      min: 0,
      max: 2_147_483_647,
      label: { en: 'Seed of the initial weights', ja: '初期重みの乱数シード' },
      help: { en: 'The same seed gives the same starting weights, so a run can be repeated.', ja: '同じシードなら同じ初期重みになり、実験を再現できる。' },
    },
  },
  inferShape(inputs) {
    if (!Object.hasOwn(inputs, 'loss') || inputs.loss === undefined) return shapeProblem('MISSING_INPUT', { port: 'loss' });
    return shapeOk({});
  },
  paramCount: () => 0,
  // What tfjs keeps per weight: Adam its two moments, RMSProp its mean square and moment, Adadelta
  // its two accumulators, Adagrad one accumulator, SGD one velocity only with momentum.
  stateSlotsPerWeight(params) {
    switch (params.algorithm) {
      case 'sgd':
        return params.momentum > 0 || params.nesterov ? 1 : 0;
      case 'adagrad':
        return 1;
      default:
        return 2;
    }
  },
  summary: (params) => `${params.algorithm} · lr ${params.learningRate} · ${params.epochs} epochs`,
});

/** The optimizer node's params, as the engine reads them. */
export type OptimizerParams = ParamValues<typeof optimizerNode.params>;
/** How the weights move: every optimizer param but the run's length and seed. */
export type OptimizerSettings = Omit<OptimizerParams, 'epochs' | 'seed'>;
/** How long to train and from which initial weights. */
export type GraphTrainingSettings = Pick<OptimizerParams, 'epochs' | 'seed'>;
