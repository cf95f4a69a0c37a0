import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { gradcheck } from '../../src/autograd/gradcheck.js';
import { DTypeError, ShapeError, ValueError } from '../../src/errors.js';
import { randn, tensor } from '../../src/tensor/creation.js';
import { Generator } from '../../src/tensor/random.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import {
  CrossEntropyLoss, MSELoss, bceLoss, bceWithLogitsLoss, crossEntropy, hingeLoss, klDiv, l1Loss, mseLoss, nllLoss,
} from '../../src/nn/index.js';
import { assertClose } from './helpers.js';

const f64 = (v: Parameters<typeof tensor>[0]): Tensor => tensor(v, { dtype: 'float64' });
const int = (v: Parameters<typeof tensor>[0]): Tensor => tensor(v, { dtype: 'int32' });
const sigma = (v: number): number => 1 / (1 + Math.exp(-v));
const logSoftmaxRow = (r: number[]): number[] => {
  const m = Math.max(...r);
  const lse = m + Math.log(r.reduce((a, v) => a + Math.exp(v - m), 0));
  return r.map((v) => v - lse);
};

describe('regression losses', () => {
  test('mseLoss is the lecture\'s (y_target - y)^2, with each reduction', () => {
    const y = f64([[1, 2], [3, 4]]);
    const t = f64([[0, 2], [5, 1]]);
    assertClose(mseLoss(y, t, { reduction: 'none' }), [1, 0, 4, 9]);
    assert.equal(mseLoss(y, t).item(), 14 / 4);
    assert.equal(mseLoss(y, t, { reduction: 'sum' }).item(), 14);
    assert.equal(new MSELoss({ reduction: 'sum' }).call(y, t).item(), 14);
    assertClose(l1Loss(y, t, { reduction: 'none' }), [1, 0, 2, 3]);
    assert.equal(l1Loss(y, t).item(), 6 / 4);
  });
});

describe('binary losses', () => {
  test('bceLoss closed form, log clamped to -100', () => {
    const p = [0.1, 0.6, 0.9];
    const z = [0, 1, 1];
    const want = p.map((pi, i) => -(z[i]! * Math.log(pi) + (1 - z[i]!) * Math.log(1 - pi)));
    assertClose(bceLoss(f64(p), f64(z), { reduction: 'none' }), want, { atol: 1e-12 });
    // p = 0 with z = 1 and p = 1 with z = 0 cost exactly 100 (PyTorch's clamp), with finite gradients.
    const x = f64([0, 1]).requiresGrad_();
    const l = bceLoss(x, f64([1, 0]), { reduction: 'none' });
    assertClose(l, [100, 100]);
    l.sum().backward();
    assert.ok(x.grad!.data.every(Number.isFinite), `grad ${x.grad!.data}`);
    assertClose(bceLoss(f64(p), f64(z), { weight: f64([1, 2, 0]), reduction: 'none' }), [want[0]!, 2 * want[1]!, 0], { atol: 1e-12 });
  });

  test('bceWithLogitsLoss equals bce(sigmoid(x)) and is stable at |x| = 1000', () => {
    const xs = [-3, -0.5, 0, 2];
    const z = [0, 1, 1, 0];
    const want = xs.map((x, i) => -(z[i]! * Math.log(sigma(x)) + (1 - z[i]!) * Math.log(1 - sigma(x))));
    assertClose(bceWithLogitsLoss(f64(xs), f64(z), { reduction: 'none' }), want, { atol: 1e-12 });
    const big = f64([1000, -1000, 1000, -1000]).requiresGrad_();
    const l = bceWithLogitsLoss(big, f64([0, 1, 1, 0]), { reduction: 'none' });
    assertClose(l, [1000, 1000, 0, 0]);
    l.sum().backward();
    // d/dx = sigma(x) - z.
    assertClose(big.grad!, [1, -1, 0, 0]);
    const f32 = bceWithLogitsLoss(tensor([1000, -1000]), tensor([0, 1]), { reduction: 'none' });
    assertClose(f32, [1000, 1000]);
  });

  test('bceWithLogitsLoss gradient at x = 0 is sigma(0) - z = 0.5 - z', () => {
    const x = f64([0, 0]).requiresGrad_();
    bceWithLogitsLoss(x, f64([0, 1]), { reduction: 'sum' }).backward();
    assertClose(x.grad!, [0.5, -0.5], { atol: 1e-12 });
  });

  test('bceWithLogitsLoss posWeight multiplies the positive term', () => {
    const xs = [0.3, -1.2];
    const z = [1, 0.25];
    const pw = 3;
    const want = xs.map((x, i) => -(pw * z[i]! * Math.log(sigma(x)) + (1 - z[i]!) * Math.log(1 - sigma(x))));
    assertClose(bceWithLogitsLoss(f64(xs), f64(z), { posWeight: f64([pw]), reduction: 'none' }), want, { atol: 1e-12 });
  });

  test('hinge loss, binary labels in {-1, 1}: max(0, 1 - y f(x)), squared with p = 2', () => {
    const f = f64([2, 0.5, -0.3, -2]);
    const y = f64([1, 1, 1, -1]);
    assertClose(hingeLoss(f, y, { reduction: 'none' }), [0, 0.5, 1.3, 0], { atol: 1e-12 });
    assertClose(hingeLoss(f, y, { reduction: 'none', p: 2 }), [0, 0.25, 1.69, 0], { atol: 1e-12 });
    assertClose(hingeLoss(f, int([1, 1, 1, -1]), { reduction: 'none', margin: 2 }), [0, 1.5, 2.3, 0], { atol: 1e-12 });
  });
});

describe('class-label losses', () => {
  test('crossEntropy of [1, 2, 3] with label 2 is log(e + e^2 + e^3) - 3 = 0.40760596 (PyTorch)', () => {
    assertClose(crossEntropy(tensor([[1, 2, 3]]), int([2])), [0.40760596], { atol: 1e-6 });
    assertClose(crossEntropy(tensor([1, 2, 3]), int(2)), [0.40760596], { atol: 1e-6 });
    assertClose(new CrossEntropyLoss().call(tensor([[1, 2, 3]]), int([2])), [0.40760596], { atol: 1e-6 });
  });

  const logits = [[2, -1, 0.5], [0.1, 0.2, 3], [-2, 1, 1]];
  const labels = [0, 2, 1];
  const w = [1, 2, 3];

  test('class weights: sum_i w[y_i] (-logp_i[y_i]) / sum_i w[y_i]', () => {
    const lp = logits.map(logSoftmaxRow);
    const num = labels.reduce((a, y, i) => a + w[y]! * -lp[i]![y]!, 0);
    const den = labels.reduce((a, y) => a + w[y]!, 0);
    assertClose(crossEntropy(f64(logits), int(labels), { weight: f64(w) }), [num / den], { atol: 1e-12 });
    assertClose(crossEntropy(f64(logits), int(labels), { weight: f64(w), reduction: 'sum' }), [num], { atol: 1e-12 });
    assertClose(nllLoss(f64(lp), int(labels), { weight: f64(w) }), [num / den], { atol: 1e-12 });
  });

  test('label smoothing: target (1 - eps) onehot + eps / C, with and without weights', () => {
    const eps = 0.1;
    const C = 3;
    const lp = logits.map(logSoftmaxRow);
    const q = (i: number, c: number): number => (c === labels[i] ? 1 - eps : 0) + eps / C;
    const per = lp.map((row, i) => -row.reduce((a, v, c) => a + q(i, c) * v, 0));
    assertClose(crossEntropy(f64(logits), int(labels), { labelSmoothing: eps, reduction: 'none' }), per, { atol: 1e-12 });
    assertClose(crossEntropy(f64(logits), int(labels), { labelSmoothing: eps }), [per.reduce((a, b) => a + b) / 3], { atol: 1e-12 });
    // PyTorch: (1 - eps) * weighted nll + eps / C * sum_i sum_c w_c (-logp_ic), both over sum_i w[y_i].
    const den = labels.reduce((a, y) => a + w[y]!, 0);
    const nll = labels.reduce((a, y, i) => a + w[y]! * -lp[i]![y]!, 0) / den;
    const smooth = lp.reduce((a, row) => a + row.reduce((s, v, c) => s - w[c]! * v, 0), 0) / den;
    assertClose(crossEntropy(f64(logits), int(labels), { labelSmoothing: eps, weight: f64(w) }), [(1 - eps) * nll + (eps / C) * smooth], { atol: 1e-12 });
  });

  test('class-probability targets and ignoreIndex', () => {
    const probs = [[0.2, 0.3, 0.5], [0, 0, 1], [0.5, 0.5, 0]];
    const lp = logits.map(logSoftmaxRow);
    const per = lp.map((row, i) => -row.reduce((a, v, c) => a + probs[i]![c]! * v, 0));
    assertClose(crossEntropy(f64(logits), f64(probs)), [per.reduce((a, b) => a + b) / 3], { atol: 1e-12 });
    const ignored = crossEntropy(f64(logits), int([0, -100, 1]), { ignoreIndex: -100 });
    assertClose(ignored, [(-lp[0]![0]! - lp[2]![1]!) / 2], { atol: 1e-12 });
  });

  test('crossEntropy over [N, C, L] uses axis 1 as the class axis', () => {
    const x = randn([2, 3, 4], { dtype: 'float64', generator: new Generator(1) });
    const y = int([[0, 1, 2, 0], [2, 2, 1, 0]]);
    const flat = x.permute([0, 2, 1]).reshape([8, 3]);
    assertClose(crossEntropy(x, y), [crossEntropy(flat, y.reshape([8])).item()], { atol: 1e-12 });
  });

  test('multi-class hinge: MultiMarginLoss docs example gives 0.325; Crammer-Singer takes the max', () => {
    const x = f64([[0.1, 0.2, 0.4, 0.8]]);
    assertClose(hingeLoss(x, int([3])), [0.325], { atol: 1e-12 });
    assertClose(hingeLoss(x, int([3]), { multiClass: 'crammerSinger' }), [0.6], { atol: 1e-12 });
    assertClose(hingeLoss(x, int([3]), { p: 2 }), [(0.09 + 0.16 + 0.36) / 4], { atol: 1e-12 });
  });

  test('klDiv: target (log target - input), 0 log 0 = 0, batchmean and logTarget', () => {
    const q = [[0.25, 0.75], [0.5, 0.5]];
    const p = [[0.5, 0.5], [1, 0]];
    const lq = q.map((r) => r.map(Math.log));
    const per = p.flatMap((r, i) => r.map((v, c) => (v > 0 ? v * (Math.log(v) - lq[i]![c]!) : 0)));
    assertClose(klDiv(f64(lq), f64(p), { reduction: 'none' }), per, { atol: 1e-12 });
    assertClose(klDiv(f64(lq), f64(p), { reduction: 'batchmean' }), [per.reduce((a, b) => a + b) / 2], { atol: 1e-12 });
    assertClose(klDiv(f64(lq), f64([[0.5, 0.5], [0.9, 0.1]]).log(), { logTarget: true }).data, [klDiv(f64(lq), f64([[0.5, 0.5], [0.9, 0.1]])).item()], { atol: 1e-12 });
  });

  test('gradients flow to logits (gradcheck, float64)', () => {
    const x = randn([4, 3], { dtype: 'float64', generator: new Generator(2) });
    const y = int([0, 2, 1, 1]);
    gradcheck((l) => crossEntropy(l, y, { labelSmoothing: 0.2, weight: f64([1, 2, 0.5]) }), [x]);
    gradcheck((l) => nllLoss(l.logSoftmax(), y, { reduction: 'sum' }), [x]);
    gradcheck((l) => hingeLoss(l, y, { p: 2 }), [x]);
    gradcheck((l) => hingeLoss(l, y, { multiClass: 'crammerSinger' }), [x]);
    gradcheck((l) => bceWithLogitsLoss(l, f64([[0, 1, 0.5], [1, 1, 0], [0, 0, 0], [1, 0.2, 1]]), { posWeight: f64([2, 1, 1]) }), [x]);
    gradcheck((l) => bceLoss(l.sigmoid(), f64([[0, 1, 0.5], [1, 1, 0], [0, 0, 0], [1, 0.2, 1]])), [x]);
    gradcheck((l) => mseLoss(l, x.mul(0.5).detach()), [x]);
    gradcheck((l) => klDiv(l.logSoftmax(), f64([[0.2, 0.3, 0.5], [0, 0, 1], [0.5, 0.5, 0], [1, 0, 0]]), { reduction: 'batchmean' }), [x]);
  });
});

describe('loss bad-input table', () => {
  const x = tensor([[1, 2, 3], [0, 1, 0]]);
  const cases: [string, () => unknown, new (...a: never[]) => Error, RegExp][] = [
    ['label out of range', () => crossEntropy(x, int([1, 3])), ValueError, /crossEntropy: label 3 at index \[1\] is out of range for 3 classes \(expected 0\.\.2\)/],
    ['negative label', () => nllLoss(x, int([-1, 0])), ValueError, /nllLoss: label -1 at index \[0\] is out of range for 3 classes/],
    ['several bad labels', () => crossEntropy(x, int([7, 9])), ValueError, /label 7 at index \[0\].*; 1 more labels are out of range/],
    ['non-integer label', () => crossEntropy(x, tensor([0, 1.5])), ValueError, /crossEntropy: label 1.5 at index \[1\] is not an integer class index/],
    ['float labels', () => crossEntropy(x, tensor([0, 1])), DTypeError, /crossEntropy: labels must be int32 class indices, got float32 \(convert with labels.int\(\)\)/],
    ['label shape', () => crossEntropy(x, int([[0], [1]])), ShapeError, /crossEntropy: labels of shape \[2,1\] do not fit the input \(expected labels of shape \[2\]\)/],
    ['class weight shape', () => crossEntropy(x, int([0, 1]), { weight: tensor([1, 2]) }), ShapeError, /crossEntropy: weight must be a tensor of shape \[3\]/],
    ['label smoothing', () => crossEntropy(x, int([0, 1]), { labelSmoothing: 1.5 }), ValueError, /crossEntropy: labelSmoothing must be in \[0, 1\], got 1.5/],
    ['reduction', () => mseLoss(x, x, { reduction: 'avg' as 'mean' }), ValueError, /mseLoss: reduction must be 'mean', 'sum' or 'none', got 'avg'/],
    ['mse shapes', () => mseLoss(tensor([[1], [2]]), tensor([1, 2])), ShapeError, /mseLoss: input \[2,1\] and target \[2\] must have the same shape/],
    ['int input', () => l1Loss(int([1, 2]), int([1, 2])), DTypeError, /l1Loss: input must be a float tensor, got int32/],
    ['bce probability', () => bceLoss(tensor([0.5, 1.2]), tensor([0, 1])), ValueError, /bceLoss: input \(probabilities\) must be in \[0, 1\], got 1.2\d* at index \[1\]/],
    ['bce target', () => bceWithLogitsLoss(tensor([0.5, 1.2]), tensor([0, 2])), ValueError, /bceWithLogitsLoss: target must be in \[0, 1\], got 2 at index \[1\]/],
    ['hinge 0/1 labels', () => hingeLoss(tensor([0.5, -1]), tensor([1, 0])), ValueError, /hingeLoss: binary labels must be -1 or 1, got 0 at index \[1\] \(map 0\/1 labels with 2 \* y - 1\)/],
    ['hinge class label', () => hingeLoss(x, int([0, 5])), ValueError, /hingeLoss: label 5 at index \[1\] is out of range for 3 classes/],
    ['hinge p', () => hingeLoss(x, int([0, 1]), { p: 3 as 1 }), ValueError, /hingeLoss: p must be 1 or 2, got 3/],
    ['klDiv shape', () => klDiv(x, tensor([1, 2, 3])), ShapeError, /klDiv: input \[2,3\] and target \[3\] must have the same shape/],
    ['ignoreIndex with probabilities', () => crossEntropy(x, tensor([[0, 0, 1], [1, 0, 0]]), { ignoreIndex: 0 }), ValueError, /ignoreIndex needs class labels/],
  ];
  for (const [name, fn, cls, re] of cases) {
    test(name, () => {
      assert.throws(fn, (e: unknown) => e instanceof cls && re.test((e as Error).message), `${name}`);
    });
  }
});
