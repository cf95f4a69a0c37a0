// The LSTM benchmark workload of issue 21 in neurite and TensorFlow.js: LSTM(32 -> 128) over T = 50
// steps at batch 64, then a linear layer to 10 classes on the last output (softmax cross-entropy, Adam);
// training sequences/s. PyTorch runs the same in bench/torch-workloads.ts.

import { Generator, index, nn, noGrad, optim, randn, tensor, withBackend } from '../src/index.js';
import type { Tensor } from '../src/index.js';
import { setNumThreads, waitForThreads } from '../src/backend/wasm/index.js';
import type { RecordFn } from './cnn-workloads.js';
import { timeIt } from './workloads.js';

/** The workload's sizes (shared with the tfjs and PyTorch versions). */
export const LSTM_BENCH = { inputSize: 32, hiddenSize: 128, steps: 50, batch: 64, classes: 10 } as const;
const { inputSize: I, hiddenSize: H, steps: T, batch: B, classes: C } = LSTM_BENCH;

/** A training step (and inference) of the LSTM classifier on one fixed random batch, for timing. */
export function neuriteLstm(): { train: () => void; infer: () => Tensor } {
  const generator = new Generator(21);
  const lstm = new nn.LSTM({ inputSize: I, hiddenSize: H, generator });
  const head = new nn.Linear({ inFeatures: H, outFeatures: C, generator });
  const opt = new optim.Adam([...lstm.parameters(), ...head.parameters()], { lr: 1e-3 });
  const x = randn([T, B, I], { generator });
  const y = tensor(Array.from({ length: B }, (_, i) => (i * 7) % C), { dtype: 'int32' });
  const forward = (): Tensor => head.call(index(lstm.call(x)[0], T - 1));
  const train = (): void => {
    opt.zeroGrad();
    nn.crossEntropy(forward(), y).backward();
    opt.step();
  };
  return { train, infer: () => noGrad(forward) };
}

/** Seconds per training step of the same LSTM classifier in tfjs (tf.layers.lstm + dense, Adam), as a tfjs user writes it. */
async function tfjsLstm(budget: number): Promise<number> {
  const tf = await import('@tensorflow/tfjs');
  const model = tf.sequential({
    // NOTE: sigmoid gates as torch and neurite (Keras' default recurrentActivation is hardSigmoid).
    layers: [tf.layers.lstm({ inputShape: [T, I], units: H, recurrentActivation: 'sigmoid', recurrentInitializer: 'glorotUniform' }), tf.layers.dense({ units: C })],
  });
  const x = tf.randomNormal([B, T, I]);
  const y = tf.oneHot(tf.tensor1d(Array.from({ length: B }, (_, i) => (i * 7) % C), 'int32'), C);
  const opt = tf.train.adam(1e-3);
  try {
    return timeIt(() => {
      const loss = opt.minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as import('@tensorflow/tfjs').Tensor) as import('@tensorflow/tfjs').Scalar, true);
      loss?.dataSync();
      loss?.dispose();
    }, { warm: 1, minReps: 2, budget });
  } finally {
    tf.dispose([x, y]);
    model.dispose();
    opt.dispose();
  }
}

/**
 * The LSTM row of `npm run bench` (training sequences/s): neurite wasm on 1 and 2 threads and the cpu
 * backend, then tfjs cpu and wasm (null when a backend cannot run it).
 */
export async function runLstmBench(record: RecordFn, budget: number): Promise<void> {
  const row = 'train_lstm_64';
  for (const [label, backend, threads] of [['neurite-wasm-1t', 'wasm', 1], ['neurite-wasm-2t', 'wasm', 2], ['neurite-cpu', 'cpu', 1]] as const) {
    withBackend(backend, () => {
      if (backend === 'wasm') {
        setNumThreads(threads);
        waitForThreads();
      }
      const m = neuriteLstm();
      record(row, label, B / timeIt(m.train, backend === 'cpu' ? { warm: 1, minReps: 1, budget: 0 } : { warm: 1, minReps: 2, budget }));
    });
  }
  const { useTfjs } = await import('./tfjs-workloads.js');
  for (const name of ['cpu', 'wasm'] as const) {
    let value: number | null = null;
    try {
      if (await useTfjs(name)) value = B / (await tfjsLstm(name === 'cpu' ? 0 : budget));
    } catch (e) {
      console.log(`  ${row}: tfjs-${name} cannot run this workload (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);
    }
    record(row, `tfjs-${name}`, value);
  }
}
