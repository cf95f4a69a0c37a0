// The CNN benchmark workload of issue 5 in TensorFlow.js (NHWC, the same layers, softmax
// cross-entropy and Adam as bench/cnn-workloads.ts).

import * as tf from '@tensorflow/tfjs';
import { timeIt } from './workloads.js';

/**
 * Seconds per training step of conv5x5(32)-maxpool2-conv5x5(64)-maxpool2-fc128-fc10 at `batch` on
 * the current tfjs backend, after `warm` untimed steps (tfjs-cpu needs ~30 s per step, so the bench
 * times a single one there).
 */
export function tfjsCnn(batch: number, budget: number, warm = 1): number {
  const he = (shape: number[], fanIn: number): tf.Variable => tf.variable(tf.randomUniform(shape, -1 / Math.sqrt(fanIn), 1 / Math.sqrt(fanIn)));
  const vars = [
    he([5, 5, 1, 32], 25), tf.variable(tf.zeros([32])), he([5, 5, 32, 64], 800), tf.variable(tf.zeros([64])),
    he([1024, 128], 1024), tf.variable(tf.zeros([128])), he([128, 10], 128), tf.variable(tf.zeros([10])),
  ] as const;
  const x = tf.randomNormal([batch, 28, 28, 1]);
  const y = tf.oneHot(tf.tensor1d(Array.from({ length: batch }, (_, i) => (i * 7) % 10), 'int32'), 10);
  const opt = tf.train.adam(1e-3);
  const forward = (inp: tf.Tensor4D): tf.Tensor => {
    const [w1, b1, w2, b2, w3, b3, w4, b4] = vars;
    const h1 = tf.maxPool(tf.relu(tf.add(tf.conv2d(inp, w1 as tf.Tensor4D, 1, 'valid'), b1)) as tf.Tensor4D, 2, 2, 'valid');
    const h2 = tf.maxPool(tf.relu(tf.add(tf.conv2d(h1, w2 as tf.Tensor4D, 1, 'valid'), b2)) as tf.Tensor4D, 2, 2, 'valid');
    const h3 = tf.relu(tf.add(tf.matMul(tf.reshape(h2, [batch, 1024]), w3), b3));
    return tf.add(tf.matMul(h3, w4), b4);
  };
  try {
    return timeIt(() => {
      const loss = opt.minimize(() => tf.losses.softmaxCrossEntropy(y, forward(x as tf.Tensor4D)) as tf.Scalar, true);
      loss?.dataSync();
      loss?.dispose();
    }, { warm, minReps: 1, budget });
  } finally {
    tf.dispose([...vars, x, y]);
    opt.dispose();
  }
}
