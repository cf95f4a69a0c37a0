// The CNN benchmark workload of issue 5 in neurite: conv5x5(32)-maxpool2-conv5x5(64)-maxpool2-fc128-fc10
// (ReLU after each conv and fc128, softmax cross-entropy, Adam) on 28x28 inputs, through the public API.

import { Generator, nn, noGrad, optim, randn, tensor, withBackend } from '../src/index.js';
import type { Tensor } from '../src/index.js';
import { setNumThreads, waitForThreads } from '../src/backend/wasm/index.js';
import { timeIt } from './workloads.js';

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

/** Where `runCnnBench` records a number (the bench's table). */
export type RecordFn = (workload: string, who: string, value: number | null) => void;

/**
 * The CNN row of `npm run bench` (training samples/s, batch 64): neurite wasm on 1 and 2 threads and
 * the cpu backend, then tfjs cpu and wasm. tfjs-wasm 4.22 has no Conv2DBackpropFilter kernel, so its
 * entry is null (reported as skipped) whenever the step throws.
 */
export async function runCnnBench(record: RecordFn, budget: number): Promise<void> {
  const batch = 64;
  const row = `train_cnn_${batch}`;
  for (const [label, backend, threads] of [['neurite-wasm-1t', 'wasm', 1], ['neurite-wasm-2t', 'wasm', 2], ['neurite-cpu', 'cpu', 1]] as const) {
    withBackend(backend, () => {
      if (backend === 'wasm') {
        setNumThreads(threads);
        waitForThreads();
      }
      const cnn = neuriteCnn(batch);
      record(row, label, batch / timeIt(cnn.train, backend === 'cpu' ? { warm: 1, minReps: 1, budget: 0 } : { budget }));
    });
  }
  // tfjs loads only here, so the neurite workload can be imported without it.
  const { useTfjs } = await import('./tfjs-workloads.js');
  const { tfjsCnn } = await import('./tfjs-cnn-workloads.js');
  for (const name of ['cpu', 'wasm'] as const) {
    let value: number | null = null;
    try {
      if (await useTfjs(name)) value = batch / (name === 'cpu' ? tfjsCnn(batch, 0, 0) : tfjsCnn(batch, budget));
    } catch (e) {
      console.log(`  ${row}: tfjs-${name} cannot run this workload (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);
    }
    record(row, `tfjs-${name}`, value);
  }
}
