// The CNN benchmark workload of issue 5 in neurite: conv5x5(32)-maxpool2-conv5x5(64)-maxpool2-fc128-fc10
// (ReLU after each conv and fc128, softmax cross-entropy, Adam) on 28x28 inputs, through the public API.

import { Generator, nn, noGrad, optim, randn, tensor } from '../src/index.js';
import type { Tensor } from '../src/index.js';

/** The LeNet-like net of the benchmark: [N, 1, 28, 28] -> [N, 10] logits. */
export function cnnModel(generator: Generator): nn.Sequential {
  return new nn.Sequential(
    new nn.Conv2d({ inChannels: 1, outChannels: 32, kernelSize: 5, generator }), new nn.ReLU(), new nn.MaxPool2d({ kernelSize: 2 }),
    new nn.Conv2d({ inChannels: 32, outChannels: 64, kernelSize: 5, generator }), new nn.ReLU(), new nn.MaxPool2d({ kernelSize: 2 }),
    new nn.Flatten(),
    new nn.Linear({ inFeatures: 64 * 4 * 4, outFeatures: 128, generator }), new nn.ReLU(),
    new nn.Linear({ inFeatures: 128, outFeatures: 10, generator }),
  );
}

/** A training step of the CNN on one fixed random batch (and inference on it), for timing. */
export function neuriteCnn(batch: number): { train: () => void; infer: () => Tensor } {
  const g = new Generator(5);
  const model = cnnModel(g);
  const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
  const x = randn([batch, 1, 28, 28], { generator: g });
  const y = tensor(Array.from({ length: batch }, (_, i) => (i * 7) % 10), { dtype: 'int32' });
  const train = (): void => {
    opt.zeroGrad();
    nn.crossEntropy(model.call(x), y).backward();
    opt.step();
  };
  return { train, infer: () => noGrad(() => model.call(x)) };
}
