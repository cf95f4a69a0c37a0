// Every activation's gradient at exactly 0 and at its kinks against the analytic value, with PyTorch's
// one-sided convention at kinks (docs/nan-gradients.md). Catches composites that split a gradient at a
// tie of minimum/maximum/abs where the function is smooth (ELU's alpha/2 at 0, issue 13).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as lectureActs from '../../src/ops/activations.js';
import * as extraActs from '../../src/ops/extra-activations.js';
import { grad, tensor, type Tensor } from '../../src/index.js';

const A = { ...lectureActs, ...extraActs };
const sig = (v: number): number => 1 / (1 + Math.exp(-v));

interface Row {
  /** Export name of the activation. */
  op: string;
  label: string;
  call: (x: Tensor) => Tensor;
  x: number[];
  /** d/dx of sum(v * f(x)) at each x (v = 1 unless `cotangent`). */
  want: number[];
  cotangent?: number[];
}

const ROWS: Row[] = [
  { op: 'relu', label: 'at 0 and -0', call: A.relu, x: [0, -0], want: [0, 0] },
  { op: 'leakyRelu', label: 'at 0: the slope', call: (x) => A.leakyRelu(x), x: [0], want: [0.01] },
  { op: 'elu', label: 'alpha 1 at 0 (smooth)', call: (x) => A.elu(x), x: [0], want: [1] },
  { op: 'elu', label: 'alpha 0.5 at 0: alpha', call: (x) => A.elu(x, 0.5), x: [0], want: [0.5] },
  { op: 'prelu', label: 'weight 0.25 at 0: the weight', call: (x) => A.prelu(x, tensor([0.25], { dtype: 'float64' })), x: [0], want: [0.25] },
  { op: 'softplus', label: 'at 0: sigma(0)', call: (x) => A.softplus(x), x: [0], want: [0.5] },
  { op: 'softplus', label: 'beta 2 at beta x = threshold 1: still smooth side', call: (x) => A.softplus(x, { beta: 2, threshold: 1 }), x: [0.5, 0.6], want: [sig(1), 1] },
  { op: 'swish', label: 'beta 2 at 0', call: (x) => A.swish(x, 2), x: [0], want: [0.5] },
  { op: 'silu', label: 'at 0', call: A.silu, x: [0], want: [0.5] },
  { op: 'sigmoid', label: 'at 0', call: A.sigmoid, x: [0], want: [0.25] },
  { op: 'tanh', label: 'at 0', call: A.tanh, x: [0], want: [1] },
  { op: 'softmax', label: 'at [0, 0], cotangent [1, 0]', call: (x) => A.softmax(x), x: [0, 0], want: [0.25, -0.25], cotangent: [1, 0] },
  { op: 'logSoftmax', label: 'at [0, 0], cotangent [1, 0]', call: (x) => A.logSoftmax(x), x: [0, 0], want: [0.5, -0.5], cotangent: [1, 0] },
  { op: 'gelu', label: 'exact at 0', call: (x) => A.gelu(x), x: [0], want: [0.5] },
  { op: 'gelu', label: 'tanh at 0', call: (x) => A.gelu(x, { approximate: 'tanh' }), x: [0], want: [0.5] },
  { op: 'logSigmoid', label: 'at 0: 1 - sigma(0)', call: A.logSigmoid, x: [0], want: [0.5] },
  { op: 'softsign', label: 'at 0', call: A.softsign, x: [0], want: [1] },
  { op: 'hardtanh', label: 'at -1, 0, 1: 0 at the ends (PyTorch)', call: (x) => A.hardtanh(x), x: [-1, 0, 1], want: [0, 1, 0] },
  { op: 'relu6', label: 'at 0 and 6', call: A.relu6, x: [0, 6, 3], want: [0, 0, 1] },
  { op: 'hardswish', label: 'at -3, 0, 3: (2x + 3)/6 on [-3, 3] (PyTorch)', call: A.hardswish, x: [-3, 0, 3], want: [-0.5, 0.5, 1.5] },
  { op: 'mish', label: 'at 0: tanh(log 2)', call: A.mish, x: [0], want: [0.6] },
  { op: 'selu', label: 'at 0: scale * alpha (left piece, PyTorch)', call: A.selu, x: [0], want: [A.SELU_SCALE * A.SELU_ALPHA] },
];

test('the table lists every activation exported from src/ops/activations.ts and extra-activations.ts', () => {
  const fns = Object.entries(A).filter(([, v]) => typeof v === 'function').map(([k]) => k).sort();
  assert.deepEqual([...new Set(ROWS.map((r) => r.op))].sort(), fns);
});

for (const r of ROWS) {
  test(`${r.op}: gradient ${r.label}`, () => {
    for (const dtype of ['float64', 'float32'] as const) {
      const x = tensor(r.x, { dtype });
      const v = tensor(r.cotangent ?? r.x.map(() => 1), { dtype });
      const [g] = grad((t) => r.call(t).mul(v).sum(), [x]);
      const tol = dtype === 'float64' ? 1e-15 : 1e-7;
      Array.from(g!.data).forEach((got, i) => {
        assert.ok(Math.abs(got - r.want[i]!) <= tol * Math.max(1, Math.abs(r.want[i]!)), `${r.op} ${dtype} at x = ${r.x[i]}: ${got}, analytic ${r.want[i]}`);
      });
    }
  });
}
