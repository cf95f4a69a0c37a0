// The same workloads in TensorFlow.js 4.22 (cpu and wasm backends), the peer the issue compares with.
// The wasm binaries load from node_modules (no network).

import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { timeIt } from './workloads.js';

/** Selects a tfjs backend ('cpu' or 'wasm'); returns false if it cannot start. */
export async function useTfjs(name: 'cpu' | 'wasm'): Promise<boolean> {
  if (name === 'wasm') {
    const dir = dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
    setWasmPaths(`${join(dir, '/')}`);
  }
  try {
    const ok = await tf.setBackend(name);
    await tf.ready();
    return ok;
  } catch {
    return false;
  }
}

/** GFLOP/s of an n x n matmul. */
export function tfjsMatmul(n: number, budget: number): number {
  const a = tf.randomNormal([n, n]);
  const b = tf.randomNormal([n, n]);
  const s = timeIt(() => tf.tidy(() => void tf.matMul(a, b).dataSync()), { warm: 1, minReps: 1, budget });
  tf.dispose([a, b]);
  return (2 * n ** 3) / s / 1e9;
}

/** Seconds per training step at `batch` and per inference at batch 1000 of the MLP. */
export function tfjsMlp(batch: number, budget: number): { train: number; infer: number } {
  const sizes = [784, 256, 128, 10];
  const vars: tf.Variable[] = [];
  for (let l = 0; l < 3; l++) {
    vars.push(tf.variable(tf.randomNormal([sizes[l]!, sizes[l + 1]!], 0, Math.sqrt(2 / sizes[l]!))));
    vars.push(tf.variable(tf.zeros([sizes[l + 1]!])));
  }
  const x = tf.randomNormal([batch, 784]);
  const y = tf.oneHot(tf.tensor1d(Array.from({ length: batch }, (_, i) => (i * 7) % 10), 'int32'), 10);
  const opt = tf.train.adam(1e-3);
  const forward = (inp: tf.Tensor): tf.Tensor => {
    const [w1, b1, w2, b2, w3, b3] = vars as [tf.Variable, tf.Variable, tf.Variable, tf.Variable, tf.Variable, tf.Variable];
    const h1 = tf.relu(tf.add(tf.matMul(inp, w1), b1));
    const h2 = tf.relu(tf.add(tf.matMul(h1, w2), b2));
    return tf.add(tf.matMul(h2, w3), b3);
  };
  const train = timeIt(() => {
    const loss = opt.minimize(() => tf.losses.softmaxCrossEntropy(y, forward(x)) as tf.Scalar, true);
    loss?.dataSync();
    loss?.dispose();
  }, { budget });
  const inferX = tf.randomNormal([1000, 784]);
  const infer = timeIt(() => tf.tidy(() => void forward(inferX).dataSync()), { budget });
  tf.dispose([...vars, x, y, inferX]);
  opt.dispose();
  return { train, infer };
}
