// Benchmark workloads for neurite: matmul n=1024 and the MLP 784-256-128-10 (ReLU, softmax
// cross-entropy, Adam) training step and inference, through the public API only.

import { linear, logSoftmax, matmul, noGrad, optim, randn, tensor, Generator } from '../src/index.js';
import type { Tensor } from '../src/index.js';

/** Seconds per call of `fn`, after `warm` calls, averaged over at least `minReps` calls or `budget` s. */
export function timeIt(fn: () => void, { warm = 2, minReps = 3, budget = 1.5 } = {}): number {
  for (let i = 0; i < warm; i++) fn();
  let reps = 0;
  const t0 = performance.now();
  while (reps < minReps || performance.now() - t0 < budget * 1000) {
    fn();
    reps++;
  }
  return (performance.now() - t0) / 1000 / reps;
}

/** GFLOP/s of an n x n float32 matmul on the current backend. */
export function neuriteMatmul(n: number, budget: number): number {
  const g = new Generator(1);
  const a = randn([n, n], { generator: g });
  const b = randn([n, n], { generator: g });
  const s = timeIt(() => void matmul(a, b), { warm: 1, minReps: 1, budget });
  return (2 * n ** 3) / s / 1e9;
}

const SIZES = [784, 256, 128, 10] as const;

/** The MLP's parameters, data and a training step / inference closure. */
export function neuriteMlp(batch: number): { train: () => void; infer: (x: Tensor) => Tensor; data: Tensor } {
  const g = new Generator(3);
  const params: Tensor[] = [];
  for (let l = 0; l < 3; l++) {
    const fanIn = SIZES[l]!;
    params.push(randn([SIZES[l + 1]!, fanIn], { generator: g }).mul(Math.sqrt(2 / fanIn)).detach().requiresGrad_());
    params.push(randn([SIZES[l + 1]!], { generator: g }).mul(0.01).detach().requiresGrad_());
  }
  const x = randn([batch, 784], { generator: g });
  const labels = Array.from({ length: batch }, (_, i) => (i * 7) % 10);
  const onehot = tensor(labels.map((c) => Array.from({ length: 10 }, (_, j) => (j === c ? 1 : 0))));
  // optim.Adam runs the backend's fused kernel on float32 parameters (wasm), else its TypeScript loop.
  const opt = new optim.Adam(params, { lr: 1e-3 });
  const forward = (inp: Tensor): Tensor => {
    const [w1, b1, w2, b2, w3, b3] = params as [Tensor, Tensor, Tensor, Tensor, Tensor, Tensor];
    return linear(linear(linear(inp, w1, b1).relu(), w2, b2).relu(), w3, b3);
  };
  const train = (): void => {
    const loss = logSoftmax(forward(x), 1).mul(onehot).sum().neg().div(batch);
    opt.zeroGrad();
    loss.backward();
    opt.step();
  };
  return { train, infer: (inp) => noGrad(() => forward(inp)), data: x };
}
