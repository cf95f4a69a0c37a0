// Float32 im2col/col2im kernels for the wasm backend (AssemblyScript, 128-bit SIMD): `unfold` copies
// every window of the images into column rows (memory.copy for stride 1), `fold` adds them back.
// Geometry comes in an i32 block: [n, c, h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow, batchInner].

function fillF32(p: usize, count: i32, value: f32): void {
  if (count <= 0) return;
  if (value == 0) {
    memory.fill(p, 0, <usize>count * 4);
    return;
  }
  const v = f32x4.splat(value);
  let i = 0;
  for (; i + 4 <= count; i += 4) v128.store(p + <usize>i * 4, v);
  for (; i < count; i++) store<f32>(p + <usize>i * 4, value);
}

/** First position o >= 0 with o * s + off >= 0, clamped to [0, n]. */
function firstValid(off: i32, s: i32, n: i32): i32 {
  const lo = off >= 0 ? 0 : (-off + s - 1) / s;
  return min(lo, n);
}

/** One past the last position o with o * s + off < size, clamped to [lo, n]. */
function endValid(off: i32, s: i32, size: i32, n: i32, lo: i32): i32 {
  const span = size - off;
  const hi = span <= 0 ? 0 : (span + s - 1) / s;
  return max(lo, min(hi, n));
}

/** im2col of float32 images `x` into `out`; cells outside the image get `value`. */
export function unfold(x: usize, out: usize, args: usize, value: f32): void {
  const n = load<i32>(args); const c = load<i32>(args, 4); const h = load<i32>(args, 8); const w = load<i32>(args, 12);
  const kh = load<i32>(args, 16); const kw = load<i32>(args, 20); const sh = load<i32>(args, 24); const sw = load<i32>(args, 28);
  const ph = load<i32>(args, 32); const pw = load<i32>(args, 36); const dh = load<i32>(args, 40); const dw = load<i32>(args, 44);
  const oh = load<i32>(args, 48); const ow = load<i32>(args, 52); const batchInner = load<i32>(args, 56) != 0;
  const L = oh * ow;
  const K = c * kh * kw;
  const strideN = batchInner ? L : K * L;
  const strideK = batchInner ? n * L : L;
  for (let b = 0; b < n; b++) {
    for (let ch = 0; ch < c; ch++) {
      const img = (b * c + ch) * h * w;
      for (let ki = 0; ki < kh; ki++) {
        for (let kj = 0; kj < kw; kj++) {
          const k = (ch * kh + ki) * kw + kj;
          const base = b * strideN + k * strideK;
          const xoff = kj * dw - pw;
          const x0 = firstValid(xoff, sw, ow);
          const x1 = endValid(xoff, sw, w, ow, x0);
          for (let oy = 0; oy < oh; oy++) {
            const iy = oy * sh - ph + ki * dh;
            const row = out + <usize>(base + oy * ow) * 4;
            if (iy < 0 || iy >= h) {
              fillF32(row, ow, value);
              continue;
            }
            fillF32(row, x0, value);
            const src = img + iy * w + xoff; // element index of position 0 (may be negative)
            if (sw == 1) {
              memory.copy(row + <usize>x0 * 4, x + <usize>(src + x0) * 4, <usize>(x1 - x0) * 4);
            } else {
              for (let ox = x0; ox < x1; ox++) store<f32>(row + <usize>ox * 4, load<f32>(x + <usize>(src + ox * sw) * 4));
            }
            fillF32(row + <usize>x1 * 4, ow - x1, value);
          }
        }
      }
    }
  }
}

/** col2im: zeroes the float32 images `out` and adds every column entry where `unfold` read it. */
export function fold(cols: usize, out: usize, args: usize): void {
  const n = load<i32>(args); const c = load<i32>(args, 4); const h = load<i32>(args, 8); const w = load<i32>(args, 12);
  const kh = load<i32>(args, 16); const kw = load<i32>(args, 20); const sh = load<i32>(args, 24); const sw = load<i32>(args, 28);
  const ph = load<i32>(args, 32); const pw = load<i32>(args, 36); const dh = load<i32>(args, 40); const dw = load<i32>(args, 44);
  const oh = load<i32>(args, 48); const ow = load<i32>(args, 52); const batchInner = load<i32>(args, 56) != 0;
  const L = oh * ow;
  const K = c * kh * kw;
  const strideN = batchInner ? L : K * L;
  const strideK = batchInner ? n * L : L;
  memory.fill(out, 0, <usize>(n * c * h * w) * 4);
  for (let b = 0; b < n; b++) {
    for (let ch = 0; ch < c; ch++) {
      const img = (b * c + ch) * h * w;
      for (let ki = 0; ki < kh; ki++) {
        for (let kj = 0; kj < kw; kj++) {
          const k = (ch * kh + ki) * kw + kj;
          const base = b * strideN + k * strideK;
          const xoff = kj * dw - pw;
          const x0 = firstValid(xoff, sw, ow);
          const x1 = endValid(xoff, sw, w, ow, x0);
          for (let oy = 0; oy < oh; oy++) {
            const iy = oy * sh - ph + ki * dh;
            if (iy < 0 || iy >= h) continue;
            const row = cols + <usize>(base + oy * ow) * 4;
            const dst = img + iy * w + xoff;
            if (sw == 1) {
              const d = out + <usize>(dst + x0) * 4;
              const s = row + <usize>x0 * 4;
              const cnt = x1 - x0;
              let i = 0;
              for (; i + 4 <= cnt; i += 4) {
                const o = <usize>i * 4;
                v128.store(d + o, f32x4.add(v128.load(d + o), v128.load(s + o)));
              }
              for (; i < cnt; i++) {
                const o = <usize>i * 4;
                store<f32>(d + o, load<f32>(d + o) + load<f32>(s + o));
              }
            } else {
              for (let ox = x0; ox < x1; ox++) {
                const p = out + <usize>(dst + ox * sw) * 4;
                store<f32>(p, load<f32>(p) + load<f32>(row + <usize>ox * 4));
              }
            }
          }
        }
      }
    }
  }
}
