// Convolution and pooling ops: hand-computed values, the identities that tie them together
// (convTranspose2d is conv2d's input gradient, fold is unfold's adjoint), both backends, and a table
// of bad inputs that must throw typed errors naming the op and the shapes.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DTypeError, Generator, ShapeError, ValueError, adaptiveAvgPool2d, arange, avgPool2d, conv2d, convTranspose2d, enableGrad, fold, grad, gradcheck,
  maxPool2d, ones, randn, tensor, unfold, withBackend, zeros, type NeuriteError, type Tensor,
} from '../../src/index.js';

const rn = (shape: readonly number[], seed: number, dtype: 'float32' | 'float64' = 'float64'): Tensor => randn([...shape], { dtype, generator: new Generator(seed) });
const img4 = (): Tensor => arange(16, undefined, { dtype: 'float64' }).reshape([1, 1, 4, 4]);

function close(got: Tensor, want: readonly number[], tol = 1e-9, msg = ''): void {
  assert.equal(got.size, want.length, `${msg} size`);
  want.forEach((w, i) => assert.ok(Math.abs(got.data[i]! - w) <= tol * (1 + Math.abs(w)), `${msg} [${i}] ${got.data[i]} vs ${w}`));
}

/** The 3x3 convolution by four nested loops, written out here (no shared reference code). */
function conv3x3(x: number[][], k: number[][], pad: number): number[] {
  const h = x.length;
  const w = x[0]!.length;
  const out: number[] = [];
  for (let i = 0; i < h + 2 * pad - 2; i++) {
    for (let j = 0; j < w + 2 * pad - 2; j++) {
      let s = 0;
      for (let u = 0; u < 3; u++) {
        for (let v = 0; v < 3; v++) s += (x[i + u - pad]?.[j + v - pad] ?? 0) * k[u]![v]!;
      }
      out.push(s);
    }
  }
  return out;
}

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`conv and pooling by hand (${backend})`, () => {
    test('3x3 box filter on 0..15: the sums of the four 3x3 blocks', () => {
      withBackend(backend, () => {
        const y = conv2d(img4(), ones([1, 1, 3, 3], { dtype: 'float64' }));
        assert.deepEqual(y.shape, [1, 1, 2, 2]);
        close(y, [45, 54, 81, 90]);
      });
    });

    test('3x3 conv with padding 1 equals the nested loops (float32 and float64)', () => {
      withBackend(backend, () => {
        for (const dtype of ['float32', 'float64'] as const) {
          const x = rn([1, 1, 5, 6], 1, dtype);
          const k = rn([1, 1, 3, 3], 2, dtype);
          const rows = (t: Tensor, h: number, w: number): number[][] => Array.from({ length: h }, (_, i) => Array.from(t.data.slice(i * w, (i + 1) * w)));
          const want = conv3x3(rows(x, 5, 6), rows(k, 3, 3), 1);
          close(conv2d(x, k, tensor([0.5], { dtype }), { padding: 1 }), want.map((v) => v + 0.5), dtype === 'float32' ? 1e-5 : 1e-12, dtype);
        }
      });
    });

    test('max pooling 2x2 of 0..15 picks the bottom-right cells; average pooling their means', () => {
      withBackend(backend, () => {
        close(maxPool2d(img4(), { kernelSize: 2 }), [5, 7, 13, 15]);
        close(avgPool2d(img4(), { kernelSize: 2 }), [2.5, 4.5, 10.5, 12.5]);
        // padding 1, countIncludePad false: the corner window sees only cell 0
        close(avgPool2d(img4(), { kernelSize: 2, padding: 1, countIncludePad: false }), [0, 1.5, 3, 6, 7.5, 9, 12, 13.5, 15]);
        close(adaptiveAvgPool2d(img4(), 1), [7.5]);
      });
    });

    test('the max-pool gradient goes to the maximum of each window', () => {
      withBackend(backend, () => {
        const [g] = grad((x: Tensor) => maxPool2d(x, { kernelSize: 2 }).sum(), [img4()]);
        close(g!, [0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 1, 0, 1]);
        // overlapping windows (stride 1): the centre-right cells win several windows and add up
        const [g2] = grad((x: Tensor) => maxPool2d(x, { kernelSize: 2, stride: 1 }).sum(), [img4()]);
        close(g2!, [0, 0, 0, 0, 0, 1, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1]);
        // ties: the first maximum of the window (row-major) takes it all, as in PyTorch
        const [g3] = grad((x: Tensor) => maxPool2d(x, { kernelSize: 2 }).sum(), [ones([1, 1, 2, 4], { dtype: 'float64' })]);
        close(g3!, [1, 0, 1, 0, 0, 0, 0, 0]);
      });
    });

    test('transposed conv with stride 2 and a 2x2 ones kernel repeats every pixel as a 2x2 block', () => {
      withBackend(backend, () => {
        const x = tensor([[[[1, 2], [3, 4]]]], { dtype: 'float64' });
        const y = convTranspose2d(x, ones([1, 1, 2, 2], { dtype: 'float64' }), null, { stride: 2 });
        close(y, [1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4]);
      });
    });
  });
}

describe('identities', () => {
  const cases = [
    { stride: 1, padding: 0, dilation: 1, groups: 1, h: 5 },
    { stride: 2, padding: 1, dilation: 1, groups: 2, h: 7 },
    { stride: 3, padding: 2, dilation: 2, groups: 1, h: 9 },
  ];
  for (const c of cases) {
    test(`convTranspose2d is the input gradient of conv2d (${JSON.stringify(c)})`, () => {
      const x = rn([2, 4, c.h, c.h], 1);
      const w = rn([6, 4 / c.groups, 3, 3], 2);
      const opts = { stride: c.stride, padding: c.padding, dilation: c.dilation, groups: c.groups };
      const y = conv2d(x, w, null, opts);
      const gy = rn(y.shape, 3);
      const [gx] = grad((xi: Tensor) => conv2d(xi, w, null, opts).mul(gy).sum(), [x]);
      const span = (y.shape[2]! - 1) * c.stride - 2 * c.padding + c.dilation * 2 + 1;
      const t = convTranspose2d(gy, w, null, { ...opts, outputPadding: c.h - span });
      assert.deepEqual(t.shape, x.shape);
      close(t, Array.from(gx!.data), 1e-10);
    });
  }

  test('fold(unfold(x)) multiplies each cell by the number of windows that cover it', () => {
    const x = rn([1, 2, 4, 5], 4);
    const y = fold(unfold(x, { kernelSize: 2 }), { outputSize: [4, 5], kernelSize: 2 });
    const cover = (i: number, n: number): number => (i === 0 || i === n - 1 ? 1 : 2);
    const want = Array.from(x.data, (v, p) => v * cover(Math.floor(p / 5) % 4, 4) * cover(p % 5, 5));
    close(y, want, 1e-12);
  });

  test("padding 'same' keeps the size for odd and even kernels", () => {
    for (const k of [1, 2, 3, 4]) {
      assert.deepEqual(conv2d(rn([1, 2, 6, 5], 5), rn([3, 2, k, k], 6), null, { padding: 'same' }).shape, [1, 3, 6, 5]);
    }
  });

  test('double backward of maxPool2d: the gradient is linear in the cotangent g, and its rule is the adjoint', () => {
    const x = tensor(Array.from(new Generator(3).permutation(50), (v) => v * 0.1), { dtype: 'float64' }).reshape([1, 2, 5, 5]);
    const dx = (g: Tensor): Tensor => grad((xi: Tensor) => maxPool2d(xi, { kernelSize: 3, stride: 2, padding: 1 }).mul(g).sum(), [x], { createGraph: true, retainGraph: true })[0]!;
    const g = rn([1, 2, 3, 3], 4).requiresGrad_();
    const v = rn([1, 2, 5, 5], 5);
    const [gg] = grad((gi: Tensor) => dx(gi).mul(v).sum(), [g]);
    // <dx(g), v> = <g, gg> for a linear map and its adjoint
    const lhs = dx(g).mul(v).sum().item();
    const rhs = g.mul(gg!).sum().item();
    assert.ok(Math.abs(lhs - rhs) < 1e-12 * (1 + Math.abs(lhs)), `${lhs} vs ${rhs}`);
    assert.ok(gg!.data.some((t) => t !== 0));
  });

  test('second derivative through conv2d (double backward of unfold/fold and matmul)', () => {
    const x = rn([1, 1, 4, 4], 7);
    const w = rn([1, 1, 2, 2], 8);
    // f(x) = sum(conv(x, w)^2) is quadratic in x: the Hessian-vector product with v is 2 conv^T(conv(v)).
    const v = rn([1, 1, 4, 4], 9);
    const [hv] = grad((xi: Tensor) => {
      const [gx] = grad((z: Tensor) => conv2d(z, w).square().sum(), [xi], { createGraph: true, retainGraph: true });
      return gx!.mul(v).sum();
    }, [x]);
    const want = convTranspose2d(conv2d(v, w), w).mul(2);
    close(hv!, Array.from(want.data), 1e-10);
  });

  // conv2d's gradients are the conv2dInputGrad and conv2dWeightGrad primitives; their own rules (in
  // each of their inputs) are checked by finite differences of the first-order gradients.
  for (const [label, opts] of [['plain', {}], ['stride 2, padding 1, groups 2', { stride: 2, padding: 1, groups: 2 }]] as const) {
    test(`the gradients of conv2d are differentiable in x, w and the output gradient (${label})`, () => {
      const g = opts === undefined || !('groups' in opts) ? 1 : opts.groups;
      const x = rn([2, 2, 5, 4], 11);
      const w = rn([2, 2 / g, 3, 2], 12);
      const y = conv2d(x, w, null, opts);
      const v = rn(y.shape, 13);
      const a = rn(x.shape, 14);
      const b = rn(w.shape, 15);
      // NOTE: gradcheck evaluates f under noGrad for its finite differences; the inner grad needs grad mode.
      const f = (xi: Tensor, wi: Tensor, vi: Tensor): Tensor => enableGrad(() => {
        const [gx, gw] = grad((z: Tensor, k: Tensor) => conv2d(z, k, null, opts).mul(vi).sum(), [xi, wi], { createGraph: true });
        return gx!.mul(a).sum().add(gw!.mul(b).sum());
      });
      const report = gradcheck(f, [x, w, v]);
      assert.ok(report.ok, JSON.stringify(report).slice(0, 300));
    });
  }
});

describe('conv2d bias inside the primitive', () => {
  // The bias is added in the backend's conv kernel (no separate pass over the output); the result
  // must be what adding it afterwards gives, bit for bit, on both backends.
  for (const backend of ['cpu', 'wasm'] as const) {
    test(`equals conv2d without bias plus the bias, bit for bit, and its gradient is the sum of g (${backend})`, () => withBackend(backend, () => {
      const x = rn([3, 4, 6, 5], 21, 'float32');
      const w = rn([6, 2, 3, 2], 22, 'float32');
      const b = rn([6], 23, 'float32').requiresGrad_();
      const y = conv2d(x, w, b, { groups: 2, padding: 1 });
      const separate = conv2d(x, w, null, { groups: 2, padding: 1 }).add(b.detach().reshape([1, 6, 1, 1]));
      assert.equal(y.gradFn?.primitive, 'conv2d', 'one primitive, no add');
      assert.deepEqual(y.data, separate.data);
      const g = rn(y.shape, 24, 'float32');
      const [gb] = grad((bi: Tensor) => conv2d(x, w, bi, { groups: 2, padding: 1 }).mul(g).sum(), [b]);
      close(gb!, Array.from(g.sum([0, 2, 3]).data), 1e-6, 'bias gradient');
    }));
  }

  test('a bias of another dtype is added afterwards with type promotion, as before', () => {
    const x = rn([1, 2, 4, 4], 25, 'float32');
    const w = rn([3, 2, 2, 2], 26, 'float32');
    const b = rn([3], 27, 'float64');
    const y = conv2d(x, w, b);
    assert.equal(y.dtype, 'float64');
    close(y, Array.from(conv2d(x, w).add(b.reshape([1, 3, 1, 1])).data), 1e-12);
  });

  test('gradcheck in x, w and the bias through the fused primitive', () => {
    const report = gradcheck((xi: Tensor, wi: Tensor, bi: Tensor) => conv2d(xi, wi, bi, { stride: 2, padding: 1 }).square().sum(),
      [rn([2, 2, 5, 4], 28), rn([3, 2, 3, 2], 29), rn([3], 30)]);
    assert.ok(report.ok, JSON.stringify(report).slice(0, 300));
  });
});

describe('bad inputs throw typed errors naming the op and the shapes', () => {
  const x = (): Tensor => zeros([2, 3, 8, 8]);
  type Row = [string, () => unknown, new (m: string) => NeuriteError, string[]];
  const rows: Row[] = [
    ['conv2d: input of rank 2', () => conv2d(zeros([3, 8]), zeros([4, 3, 3, 3])), ShapeError, ['conv2d', '[3,8]', '[N, C, H, W]']],
    ['conv2d: weight of rank 3', () => conv2d(x(), zeros([4, 3, 3])), ShapeError, ['conv2d', 'weight', '[4,3,3]']],
    ['conv2d: channel mismatch', () => conv2d(x(), zeros([4, 2, 3, 3])), ShapeError, ['conv2d', '[2,3,8,8]', '3 channels', '[4,2,3,3]']],
    ['conv2d: groups not dividing channels', () => conv2d(x(), zeros([4, 1, 3, 3]), null, { groups: 2 }), ShapeError, ['conv2d', 'groups 2', 'input channels 3']],
    ['conv2d: groups not dividing outputs', () => conv2d(zeros([1, 4, 8, 8]), zeros([3, 2, 3, 3]), null, { groups: 2 }), ShapeError, ['conv2d', 'groups 2', 'output channels 3']],
    ['conv2d: groups 0', () => conv2d(x(), zeros([4, 3, 3, 3]), null, { groups: 0 }), ValueError, ['conv2d', 'groups', '0']],
    ['conv2d: bias shape', () => conv2d(x(), zeros([4, 3, 3, 3]), zeros([3])), ShapeError, ['conv2d', 'bias', '[4]', '[3]']],
    ['conv2d: kernel larger than the padded input', () => conv2d(zeros([1, 1, 3, 3]), zeros([1, 1, 5, 5]), null, { padding: 0 }), ShapeError,
      ['conv2d', 'kernel 5x5', 'padded input 3x3', '[1,1,3,3]']],
    ['conv2d: dilated kernel larger than the input', () => conv2d(zeros([1, 1, 4, 4]), zeros([1, 1, 2, 2]), null, { dilation: 4 }), ShapeError,
      ['conv2d', 'dilation 4x4', 'spanning 5x5']],
    ['conv2d: stride 0', () => conv2d(x(), zeros([4, 3, 3, 3]), null, { stride: 0 }), ValueError, ['conv2d', 'stride', 'positive']],
    ['conv2d: negative padding', () => conv2d(x(), zeros([4, 3, 3, 3]), null, { padding: [-1, 0] }), ValueError, ['conv2d', 'padding', '[-1,0]']],
    ["conv2d: 'same' with stride 2", () => conv2d(x(), zeros([4, 3, 3, 3]), null, { padding: 'same', stride: 2 }), ValueError, ['conv2d', "'same'", 'stride 1']],
    ['conv2d: int input', () => conv2d(zeros([1, 1, 3, 3], { dtype: 'int32' }), zeros([1, 1, 2, 2])), DTypeError, ['conv2d', 'int32']],
    ['convTranspose2d: channel mismatch', () => convTranspose2d(x(), zeros([4, 2, 3, 3])), ShapeError, ['convTranspose2d', '3 channels', '[4,2,3,3]']],
    ['convTranspose2d: outputPadding too large', () => convTranspose2d(x(), zeros([3, 2, 3, 3]), null, { stride: 2, outputPadding: 2 }), ValueError,
      ['convTranspose2d', 'outputPadding 2x2', 'stride 2x2']],
    ['convTranspose2d: output smaller than 1', () => convTranspose2d(zeros([1, 1, 1, 1]), zeros([1, 1, 1, 1]), null, { padding: 1 }), ShapeError,
      ['convTranspose2d', 'output would be -1x-1', '[1,1,1,1]']],
    ['maxPool2d: rank 2 input', () => maxPool2d(zeros([4, 4]), { kernelSize: 2 }), ShapeError, ['maxPool2d', '[4,4]']],
    ['maxPool2d: padding over half the kernel', () => maxPool2d(x(), { kernelSize: 2, padding: 2 }), ValueError, ['maxPool2d', 'padding 2x2', 'half the kernel 2x2']],
    ['maxPool2d: kernel larger than the input', () => maxPool2d(zeros([1, 1, 2, 2]), { kernelSize: 3 }), ShapeError, ['maxPool2d', 'kernel 3x3', 'padded input 2x2']],
    ['maxPool2d: kernel size 0', () => maxPool2d(x(), { kernelSize: 0 }), ValueError, ['maxPool2d', 'kernelSize', '0']],
    ['avgPool2d: divisorOverride 0', () => avgPool2d(x(), { kernelSize: 2, divisorOverride: 0 }), ValueError, ['avgPool2d', 'divisorOverride', '0']],
    ['adaptiveAvgPool2d: output size 0', () => adaptiveAvgPool2d(x(), 0), ValueError, ['adaptiveAvgPool2d', 'outputSize', '0']],
    ['unfold: kernel larger than the input', () => unfold(zeros([1, 1, 2, 2]), { kernelSize: 3 }), ShapeError, ['unfold', 'kernel 3x3']],
    ['fold: wrong number of windows', () => fold(zeros([1, 4, 5]), { outputSize: 3, kernelSize: 2 }), ValueError, ['fold', '[1,4,5]', '5 windows', '2x2 = 4']],
    ['fold: rows not a multiple of the kernel', () => fold(zeros([1, 5, 4]), { outputSize: 3, kernelSize: 2 }), ShapeError, ['fold', '5 rows', '2x2 = 4']],
  ];
  for (const [name, fn, type, parts] of rows) {
    test(name, () => {
      assert.throws(fn, (e: unknown) => {
        assert.ok(e instanceof type, `${name}: expected ${type.name}, got ${String(e)}`);
        for (const p of parts) assert.ok((e as Error).message.includes(p), `${name}: message '${(e as Error).message}' lacks '${p}'`);
        return true;
      });
    });
  }
});

describe('permute with the last axis kept (row copies, the conv ops\' transposes)', () => {
  test('matches the element-wise permute for 3-D and 4-D shapes, float32/float64/int32', () => {
    for (const [shape, perm] of [[[3, 4, 20], [1, 0, 2]], [[2, 3, 4, 17], [2, 0, 1, 3]], [[5, 16], [0, 1]], [[2, 3, 4, 16], [1, 2, 0, 3]]] as const) {
      for (const dtype of ['float32', 'float64', 'int32'] as const) {
        const n = shape.reduce((a, b) => a * b, 1);
        const x = tensor(Array.from({ length: n }, (_, i) => i), { dtype }).reshape([...shape]);
        const y = x.permute([...perm]);
        const want = fromPerm(shape, perm);
        assert.deepEqual(Array.from(y.data), want, `${JSON.stringify(shape)} ${JSON.stringify(perm)} ${dtype}`);
      }
    }
  });
});

/** Flat indices of arange(shape) permuted by perm, by explicit index arithmetic. */
function fromPerm(shape: readonly number[], perm: readonly number[]): number[] {
  const st = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const oshape = perm.map((p) => shape[p]!);
  const n = shape.reduce((a, b) => a * b, 1);
  return Array.from({ length: n }, (_, flat) => {
    let rem = flat;
    let src = 0;
    for (let d = oshape.length - 1; d >= 0; d--) {
      src += (rem % oshape[d]!) * st[perm[d]!]!;
      rem = Math.floor(rem / oshape[d]!);
    }
    return src;
  });
}
