// Float32 elementwise kernels for the wasm backend (AssemblyScript, 128-bit SIMD): the unary maps and
// the binary arithmetic that training loops spend time in, for same-shape, scalar, row-broadcast
// ([r, c] with [c]) and column-broadcast ([r, c] with [r, 1]) operands.

import { nextChunk } from './chunks';

// Unary op codes (kept in sync with src/backend/wasm/kernel-codes.ts).
const NEG = 0; const ABS = 1; const SQRT = 2; const RELU = 3; // 4: sign
// Binary op codes.
const ADD = 0; const SUB = 1; const MUL = 2; const DIV = 3; const MAX = 4; const MIN = 5; const RELU_GRAD = 6;

function un4(op: i32, x: v128): v128 {
  switch (op) {
    case NEG: return f32x4.neg(x);
    case ABS: return f32x4.abs(x);
    case SQRT: return f32x4.sqrt(x);
    // NOTE: wasm max propagates NaN and orders -0 < +0, so relu(-0) = +0 and relu(NaN) = NaN (PyTorch).
    case RELU: return f32x4.max(x, f32x4.splat(0));
    default: {
      // sign: 1, -1, or x itself for +-0 (as +0) and NaN
      const pos = v128.and(f32x4.gt(x, f32x4.splat(0)), f32x4.splat(1));
      const neg = v128.and(f32x4.lt(x, f32x4.splat(0)), f32x4.splat(-1));
      const nan = v128.and(f32x4.ne(x, x), x);
      return v128.or(v128.or(pos, neg), nan);
    }
  }
}

function un1(op: i32, x: f32): f32 {
  switch (op) {
    case NEG: return -x;
    case ABS: return abs<f32>(x);
    case SQRT: return sqrt<f32>(x);
    case RELU: return max<f32>(x, 0);
    default: return x > 0 ? 1 : x < 0 ? -1 : x != x ? x : 0;
  }
}

/** out[i] = op(x[i]) for i < n. */
export function unary(op: i32, x: usize, out: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(out + <usize>i * 4, un4(op, v128.load(x + <usize>i * 4)));
  for (; i < n; i++) store<f32>(out + <usize>i * 4, un1(op, load<f32>(x + <usize>i * 4)));
}

function bin4(op: i32, a: v128, b: v128): v128 {
  switch (op) {
    case ADD: return f32x4.add(a, b);
    case SUB: return f32x4.sub(a, b);
    case MUL: return f32x4.mul(a, b);
    case DIV: return f32x4.div(a, b);
    case MAX: return f32x4.max(a, b);
    case MIN: return f32x4.min(a, b);
    // ReLU's gradient: +0 where b <= 0, else a (NaN in b passes a, as the reference's `b <= 0 ? 0 : a`)
    case RELU_GRAD: return v128.andnot(a, f32x4.le(b, f32x4.splat(0)));
    default: return f32x4.splat(NaN);
  }
}

function bin1(op: i32, a: f32, b: f32): f32 {
  switch (op) {
    case ADD: return a + b;
    case SUB: return a - b;
    case MUL: return a * b;
    case DIV: return a / b;
    case MAX: return max<f32>(a, b);
    case MIN: return min<f32>(a, b);
    case RELU_GRAD: return b <= 0 ? 0 : a;
    default: return NaN;
  }
}

/** out[i] = a[i] op b[i] for i < n (same shapes). */
export function binarySame(op: i32, a: usize, b: usize, out: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i * 4;
    v128.store(out + o, bin4(op, v128.load(a + o), v128.load(b + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i * 4;
    store<f32>(out + o, bin1(op, load<f32>(a + o), load<f32>(b + o)));
  }
}

/**
 * Broadcast of a full operand `x` ([rows, cols]) against `y`: y is a row ([cols], `mode` 0), a
 * column ([rows, 1], `mode` 1) or a scalar (`mode` 2). `swap` != 0 computes y op x instead of x op y.
 */
export function binaryBroadcast(op: i32, x: usize, y: usize, out: usize, rows: i32, cols: i32, mode: i32, swap: i32): void {
  for (let r = 0; r < rows; r++) {
    const xr = x + <usize>(r * cols) * 4;
    const orow = out + <usize>(r * cols) * 4;
    let j = 0;
    if (mode == 0) {
      for (; j + 4 <= cols; j += 4) {
        const o = <usize>j * 4;
        const xv = v128.load(xr + o);
        const yv = v128.load(y + o);
        v128.store(orow + o, swap ? bin4(op, yv, xv) : bin4(op, xv, yv));
      }
      for (; j < cols; j++) {
        const o = <usize>j * 4;
        const xv = load<f32>(xr + o);
        const yv = load<f32>(y + o);
        store<f32>(orow + o, swap ? bin1(op, yv, xv) : bin1(op, xv, yv));
      }
    } else {
      const ys = load<f32>(y + (mode == 1 ? <usize>r * 4 : 0));
      const yv = f32x4.splat(ys);
      for (; j + 4 <= cols; j += 4) {
        const o = <usize>j * 4;
        const xv = v128.load(xr + o);
        v128.store(orow + o, swap ? bin4(op, yv, xv) : bin4(op, xv, yv));
      }
      for (; j < cols; j++) {
        const o = <usize>j * 4;
        const xv = load<f32>(xr + o);
        store<f32>(orow + o, swap ? bin1(op, ys, xv) : bin1(op, xv, ys));
      }
    }
  }
}

/**
 * Adam / AdamW update of `n` float32 parameters in place (Kingma & Ba 2015, Algorithm 1):
 * m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2; p -= lr (m / c1) / (sqrt(v / c2) + eps), where
 * c1 = 1 - b1^t, c2 = 1 - b2^t; `decay` (AdamW, decoupled) first scales p by (1 - lr decay).
 */
export function adamUpdate(
  p: usize, g: usize, m: usize, v: usize, n: i32,
  lr: f32, b1: f32, b2: f32, eps: f32, c1: f32, c2: f32, decay: f32,
): void {
  const vb1 = f32x4.splat(b1), vb1c = f32x4.splat(1 - b1);
  const vb2 = f32x4.splat(b2), vb2c = f32x4.splat(1 - b2);
  const step = f32x4.splat(lr / c1), ic2 = f32x4.splat(1 / c2), veps = f32x4.splat(eps);
  const keep = f32x4.splat(1 - lr * decay);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i * 4;
    const gv = v128.load(g + o);
    const mv = f32x4.add(f32x4.mul(vb1, v128.load(m + o)), f32x4.mul(vb1c, gv));
    const vv = f32x4.add(f32x4.mul(vb2, v128.load(v + o)), f32x4.mul(vb2c, f32x4.mul(gv, gv)));
    v128.store(m + o, mv);
    v128.store(v + o, vv);
    const den = f32x4.add(f32x4.sqrt(f32x4.mul(vv, ic2)), veps);
    v128.store(p + o, f32x4.sub(f32x4.mul(keep, v128.load(p + o)), f32x4.div(f32x4.mul(step, mv), den)));
  }
  for (; i < n; i++) {
    const o = <usize>i * 4;
    const gv = load<f32>(g + o);
    const mv = b1 * load<f32>(m + o) + (1 - b1) * gv;
    const vv = b2 * load<f32>(v + o) + (1 - b2) * gv * gv;
    store<f32>(m + o, mv);
    store<f32>(v + o, vv);
    store<f32>(p + o, (1 - lr * decay) * load<f32>(p + o) - (lr / c1) * mv / (sqrt<f32>(vv / c2) + eps));
  }
}

/**
 * One thread's share of an Adam step: it takes chunks of `chunk` elements (a multiple of 4, so every
 * element takes the same SIMD or scalar path as in one call) from the shared counter until none is
 * left. `args` points at [p, g, m, v, n, counter, nchunks, chunk] (i32) followed by
 * [lr, b1, b2, eps, c1, c2, decay] (f32).
 */
export function adamPart(args: usize, _part: i32, _nparts: i32): void {
  const n = load<i32>(args, 16);
  const counter = <usize>load<i32>(args, 20);
  const nchunks = load<i32>(args, 24);
  const size = load<i32>(args, 28);
  for (let chunk = nextChunk(counter); chunk < nchunks; chunk = nextChunk(counter)) {
    const lo = chunk * size;
    const hi = min(n, lo + size);
    if (lo >= hi) continue;
    const o = <usize>lo * 4;
    adamUpdate(
      <usize>load<i32>(args) + o, <usize>load<i32>(args, 4) + o, <usize>load<i32>(args, 8) + o, <usize>load<i32>(args, 12) + o, hi - lo,
      load<f32>(args, 32), load<f32>(args, 36), load<f32>(args, 40), load<f32>(args, 44), load<f32>(args, 48), load<f32>(args, 52), load<f32>(args, 56),
    );
  }
}

// Comparison op codes: 0 eq, 1 ne, 2 lt, 3 le, 4 gt, 5 ge.
function cmp4(op: i32, a: v128, b: v128): v128 {
  switch (op) {
    case 0: return f32x4.eq(a, b);
    case 1: return f32x4.ne(a, b);
    case 2: return f32x4.lt(a, b);
    case 3: return f32x4.le(a, b);
    case 4: return f32x4.gt(a, b);
    default: return f32x4.ge(a, b);
  }
}

function cmp1(op: i32, a: f32, b: f32): bool {
  switch (op) {
    case 0: return a == b;
    case 1: return a != b;
    case 2: return a < b;
    case 3: return a <= b;
    case 4: return a > b;
    default: return a >= b;
  }
}

/**
 * out[i] = 1 if x[i] op y[i] else 0, as bytes (IEEE: only `ne` holds for NaN); with `scalar` != 0,
 * every x[i] is compared with y[0]. Four float masks are narrowed to one vector of 16 bytes.
 */
export function compare(op: i32, x: usize, y: usize, out: usize, n: i32, scalar: i32): void {
  const one = i8x16.splat(1);
  const ys = f32x4.splat(load<f32>(y));
  let i = 0;
  for (; i + 16 <= n; i += 16) {
    const o = <usize>i * 4;
    const m0 = cmp4(op, v128.load(x + o), scalar ? ys : v128.load(y + o));
    const m1 = cmp4(op, v128.load(x + o, 16), scalar ? ys : v128.load(y + o, 16));
    const m2 = cmp4(op, v128.load(x + o, 32), scalar ? ys : v128.load(y + o, 32));
    const m3 = cmp4(op, v128.load(x + o, 48), scalar ? ys : v128.load(y + o, 48));
    const bytes = i8x16.narrow_i16x8_s(i16x8.narrow_i32x4_s(m0, m1), i16x8.narrow_i32x4_s(m2, m3));
    v128.store(out + <usize>i, v128.and(bytes, one));
  }
  for (; i < n; i++) {
    const b = scalar ? load<f32>(y) : load<f32>(y + <usize>i * 4);
    store<u8>(out + <usize>i, cmp1(op, load<f32>(x + <usize>i * 4), b) ? 1 : 0);
  }
}
