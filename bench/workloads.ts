// Benchmark workloads for neurite: matmul n=1024 and the MLP 784-256-128-10 (ReLU, softmax
// cross-entropy, Adam) training step and inference, through the public API only.

import { linear, logSoftmax, matmul, noGrad, randn, tensor, getBackend, Generator } from '../src/index.js';
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

interface Adam {
  m: Float32Array[];
  v: Float32Array[];
  t: number;
}

// NOTE: written inline because optim.Adam does not exist yet; uses the backend's fused kernel when
// it has one (wasm), else the same update as a plain loop (Kingma & Ba 2015, Algorithm 1).
function adamStep(params: Tensor[], state: Adam, lr = 1e-3, beta1 = 0.9, beta2 = 0.999, eps = 1e-8): void {
  state.t++;
  const be = getBackend();
  params.forEach((p, i) => {
    const d = p.data as Float32Array;
    const gr = p.grad!.data as Float32Array;
    const m = state.m[i]!;
    const v = state.v[i]!;
    if (be.adamUpdate) {
      be.adamUpdate(d, gr, m, v, { lr, beta1, beta2, eps, step: state.t, weightDecay: 0 });
      return;
    }
    const c1 = 1 - beta1 ** state.t;
    const c2 = 1 - beta2 ** state.t;
    for (let j = 0; j < d.length; j++) {
      const gj = gr[j]!;
      const mj = (m[j] = beta1 * m[j]! + (1 - beta1) * gj);
      const vj = (v[j] = beta2 * v[j]! + (1 - beta2) * gj * gj);
      d[j] = d[j]! - (lr * mj / c1) / (Math.sqrt(vj / c2) + eps);
    }
  });
}

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
  const state: Adam = { m: params.map((p) => new Float32Array(p.size)), v: params.map((p) => new Float32Array(p.size)), t: 0 };
  const forward = (inp: Tensor): Tensor => {
    const [w1, b1, w2, b2, w3, b3] = params as [Tensor, Tensor, Tensor, Tensor, Tensor, Tensor];
    return linear(linear(linear(inp, w1, b1).relu(), w2, b2).relu(), w3, b3);
  };
  const train = (): void => {
    const loss = logSoftmax(forward(x), 1).mul(onehot).sum().neg().div(batch);
    for (const p of params) p.grad = null;
    loss.backward();
    noGrad(() => adamStep(params, state));
  };
  return { train, infer: (inp) => noGrad(() => forward(inp)), data: x };
}
