// The options of `neurite train` as one JSON-able object: parsed and checked from the command line,
// saved in model.json, and reused by `--resume` so a resumed run trains exactly like the original.

import { nn, optim } from '../src/index.js';
import { UsageError } from './errors.js';

/** Optimizers `--optimizer` accepts (momentum and nesterov are SGD with momentum 0.9). */
export const OPTIMIZERS = ['sgd', 'momentum', 'nesterov', 'rmsprop', 'adagrad', 'adam', 'adamw', 'nadam'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

/** Default learning rate of each optimizer (PyTorch's defaults; SGD has none there, 0.01 here). */
export const DEFAULT_LR: Record<OptimizerName, number> = {
  sgd: 0.01, momentum: 0.01, nesterov: 0.01, rmsprop: 0.01, adagrad: 0.01, adam: 1e-3, adamw: 1e-3, nadam: 2e-3,
};

/** Everything `neurite train` was asked to do. */
export interface TrainConfig {
  data: string;
  /** CSV: target column (default the last). */
  target?: string;
  /** CSV: fill missing values instead of refusing them. */
  impute?: 'mean' | 'median' | 'mostFrequent';
  /** `mlp` (default) or `cnn`: 5x5 convolutions with 2x2 max pooling before the hidden layers (images only). */
  arch?: 'mlp' | 'cnn';
  /** cnn: output channels of each convolution (default 32,64). */
  channels?: number[];
  /** Hidden layer widths (empty: a linear/logistic model; for cnn, the fully connected part). */
  layers: number[];
  activation: nn.MlpActivation;
  optimizer: OptimizerName;
  lr: number;
  /** SGD momentum (momentum/nesterov default 0.9). */
  momentum: number;
  epochs: number;
  batchSize: number;
  /** The lecture's L2 penalty lambda * sum(w^2) over weights (not biases). */
  l2: number;
  /** The lecture's L1 penalty lambda * sum(|w|) over weights. */
  l1: number;
  /** Optimizer weight decay (coupled for SGD/Adam, decoupled for AdamW). */
  weightDecay: number;
  dropout: number;
  batchnorm: boolean;
  init: nn.MlpInit;
  standardize: boolean;
  /** Fraction of the training rows held out for validation (0: validate on the test split). */
  validationSplit: number;
  seed: number;
  /** CSV: the file's text encoding when not UTF-8. */
  encoding?: 'latin1';
  /** Toy sets: points and noise. */
  n?: number;
  noise?: number;
}

/** Builds the optimizer a config names over `params`. */
export function makeOptimizer(cfg: TrainConfig, params: nn.Parameter[]): optim.Optimizer {
  const { lr, weightDecay } = cfg;
  switch (cfg.optimizer) {
    case 'sgd':
    case 'momentum': return new optim.SGD(params, { lr, momentum: cfg.momentum, weightDecay });
    case 'nesterov': return new optim.SGD(params, { lr, momentum: cfg.momentum, nesterov: true, weightDecay });
    case 'rmsprop': return new optim.RMSprop(params, { lr, momentum: cfg.momentum, weightDecay });
    case 'adagrad': return new optim.Adagrad(params, { lr, weightDecay });
    case 'adam': return new optim.Adam(params, { lr, weightDecay });
    case 'adamw': return new optim.AdamW(params, { lr, weightDecay });
    case 'nadam': return new optim.NAdam(params, { lr, weightDecay });
  }
}

/** Parses `--layers 128,64` (also `none` or an empty string for a linear model); `flag` names it in errors. */
export function parseLayers(value: string, flag = '--layers'): number[] {
  const v = value.trim();
  if (v === '' || v === 'none' || v === '0') return [];
  return v.split(',').map((s) => {
    const n = Number(s.trim());
    if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${flag}: expected comma-separated positive integers such as 128,64, got '${value}'`);
    return n;
  });
}

/** The image shape [C, H, W] of a dataset for `--arch cnn` (28x28 grey images stored flat included). */
export function imageShapeOf(ds: { name: string; inputShape: readonly number[] }): [number, number, number] {
  const s = ds.inputShape;
  if (s.length === 3) return [s[0]!, s[1]!, s[2]!];
  if (s.length === 1 && s[0] === 784 && /mnist/i.test(ds.name)) return [1, 28, 28];
  throw new UsageError(`--arch cnn needs image data (mnist, fashion-mnist); '${ds.name}' has rows of shape [${s.join(',')}]`);
}

/** Checks a config read back from model.json (a resumed run) or built from flags. */
export function checkConfig(c: TrainConfig): TrainConfig {
  const bad = (msg: string): never => {
    throw new UsageError(msg);
  };
  if (!(OPTIMIZERS as readonly string[]).includes(c.optimizer)) bad(`--optimizer: unknown '${c.optimizer}'; choose one of ${OPTIMIZERS.join(', ')}`);
  if (!(nn.MLP_ACTIVATIONS as readonly string[]).includes(c.activation)) bad(`--activation: unknown '${c.activation}'; choose one of ${nn.MLP_ACTIVATIONS.join(', ')}`);
  if (!(nn.MLP_INITS as readonly string[]).includes(c.init)) bad(`--init: unknown '${c.init}'; choose one of ${nn.MLP_INITS.join(', ')}`);
  if (!(c.lr > 0)) bad(`--lr must be > 0, got ${c.lr}`);
  if (!(c.dropout >= 0 && c.dropout < 1)) bad(`--dropout must be in [0, 1), got ${c.dropout}`);
  if (!(c.validationSplit >= 0 && c.validationSplit < 1)) bad(`--validation-split must be in [0, 1), got ${c.validationSplit}`);
  for (const k of ['l1', 'l2', 'weightDecay', 'momentum'] as const) if (!(c[k] >= 0)) bad(`--${k === 'weightDecay' ? 'weight-decay' : k} must be >= 0, got ${c[k]}`);
  return c;
}
