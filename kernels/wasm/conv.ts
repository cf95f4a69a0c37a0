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

/** Copies `count` floats; short rows (conv windows are often 8-24 wide) in f32x4 steps, long ones with memory.copy. */
function copyF32(dst: usize, src: usize, count: i32): void {
  if (count > 64) {
    memory.copy(dst, src, <usize>count * 4);
    return;
  }
  let i = 0;
  for (; i + 4 <= count; i += 4) v128.store(dst + <usize>i * 4, v128.load(src + <usize>i * 4));
  for (; i < count; i++) store<f32>(dst + <usize>i * 4, load<f32>(src + <usize>i * 4));
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

// The geometry of the running call, in wasm globals (never linear memory: the JS side owns all of
// it). Each instance (one per thread) has its own.
let gN: i32 = 0; let gC: i32 = 0; let gH: i32 = 0; let gW: i32 = 0; let gKh: i32 = 0; let gKw: i32 = 0;
let gSh: i32 = 0; let gSw: i32 = 0; let gPh: i32 = 0; let gPw: i32 = 0; let gDh: i32 = 0; let gDw: i32 = 0;
let gOh: i32 = 0; let gOw: i32 = 0; let gBatchInner = false; let gStrideN: i32 = 0; let gStrideK: i32 = 0;

function readGeo(args: usize): void {
  gN = load<i32>(args); gC = load<i32>(args, 4); gH = load<i32>(args, 8); gW = load<i32>(args, 12);
  gKh = load<i32>(args, 16); gKw = load<i32>(args, 20); gSh = load<i32>(args, 24); gSw = load<i32>(args, 28);
  gPh = load<i32>(args, 32); gPw = load<i32>(args, 36); gDh = load<i32>(args, 40); gDw = load<i32>(args, 44);
  gOh = load<i32>(args, 48); gOw = load<i32>(args, 52); gBatchInner = load<i32>(args, 56) != 0;
  const L = gOh * gOw;
  const K = gC * gKh * gKw;
  gStrideN = gBatchInner ? L : K * L;
  gStrideK = gBatchInner ? gN * L : L;
}

/** Copies (or with `back`, adds back) the windows of image b, channel ch, kernel cell (ki, kj). */
function block(x: usize, cols: usize, b: i32, ch: i32, ki: i32, kj: i32, value: f32, back: bool): void {
  const h = gH; const w = gW; const sw = gSw; const ow = gOw;
  const img = (b * gC + ch) * h * w;
  const k = (ch * gKh + ki) * gKw + kj;
  const base = b * gStrideN + k * gStrideK;
  const xoff = kj * gDw - gPw;
  const x0 = firstValid(xoff, sw, ow);
  const x1 = endValid(xoff, sw, w, ow, x0);
  for (let oy = 0; oy < gOh; oy++) {
    const iy = oy * gSh - gPh + ki * gDh;
    const row = cols + <usize>(base + oy * ow) * 4;
    if (iy < 0 || iy >= h) {
      if (!back) fillF32(row, ow, value);
      continue;
    }
    const src = img + iy * w + xoff; // element index of position 0 (may be negative)
    if (back) {
      if (sw == 1) {
        const d = x + <usize>(src + x0) * 4;
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
          const p = x + <usize>(src + ox * sw) * 4;
          store<f32>(p, load<f32>(p) + load<f32>(row + <usize>ox * 4));
        }
      }
    } else {
      fillF32(row, x0, value);
      if (sw == 1) {
        copyF32(row + <usize>x0 * 4, x + <usize>(src + x0) * 4, x1 - x0);
      } else {
        for (let ox = x0; ox < x1; ox++) store<f32>(row + <usize>ox * 4, load<f32>(x + <usize>(src + ox * sw) * 4));
      }
      fillF32(row + <usize>x1 * 4, ow - x1, value);
    }
  }
}

/**
 * Part `part` of `nparts` of an unfold (`back` false) or fold (`back` true). The work is split in
 * units that touch disjoint column rows and image planes: one channel (all images) for the
 * column-major layout 'knl', one (image, channel) plane for 'nkl'. Within a unit the loops run in
 * the same order for any partition, so every image cell gets the same additions in the same order
 * (fold is bit-identical to the reference kernel on any number of threads).
 */
function walk(x: usize, cols: usize, args: usize, value: f32, back: bool, part: i32, nparts: i32): void {
  readGeo(args);
  const units = gBatchInner ? gC : gN * gC;
  const lo = <i32>((<i64>units * part) / nparts);
  const hi = <i32>((<i64>units * (part + 1)) / nparts);
  const plane = <usize>(gH * gW) * 4;
  for (let u = lo; u < hi; u++) {
    if (gBatchInner) {
      const ch = u;
      if (back) for (let b = 0; b < gN; b++) memory.fill(x + <usize>(b * gC + ch) * plane, 0, plane);
      for (let ki = 0; ki < gKh; ki++) {
        for (let kj = 0; kj < gKw; kj++) {
          for (let b = 0; b < gN; b++) block(x, cols, b, ch, ki, kj, value, back);
        }
      }
    } else {
      const b = u / gC;
      const ch = u % gC;
      if (back) memory.fill(x + <usize>u * plane, 0, plane);
      for (let ki = 0; ki < gKh; ki++) {
        for (let kj = 0; kj < gKw; kj++) block(x, cols, b, ch, ki, kj, value, back);
      }
    }
  }
}

/**
 * im2col, part `part` of `nparts`. `args` holds the geometry (i32 0..14), then the image pointer
 * (i32 15), the columns pointer (i32 16) and the pad value (f32 18).
 */
export function unfold(args: usize, part: i32, nparts: i32): void {
  walk(<usize>load<i32>(args, 60), <usize>load<i32>(args, 64), args, load<f32>(args, 72), false, part, nparts);
}

/** col2im, part `part` of `nparts`: zeroes its image planes, then adds the columns back (same `args` as unfold). */
export function fold(args: usize, part: i32, nparts: i32): void {
  walk(<usize>load<i32>(args, 60), <usize>load<i32>(args, 64), args, 0, true, part, nparts);
}
