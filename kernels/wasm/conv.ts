// Float32 im2col/col2im kernels for the wasm backend (AssemblyScript, 128-bit SIMD): `unfold` copies
// every window of the images into column rows (f32x4 row moves for stride 1), `fold` adds them back.
// Geometry comes in an i32 block: [n, c, h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow, batchInner].

/** Stores `value` in `count` floats; rows of 4 or more as f32x4 stores, the last one overlapping. */
function fillRow(p: usize, count: i32, value: f32): void {
  if (count < 4) {
    for (let i = 0; i < count; i++) store<f32>(p + <usize>i * 4, value);
    return;
  }
  const v = f32x4.splat(value);
  const last = <usize>(count - 4) * 4;
  for (let o: usize = 0; o < last; o += 16) v128.store(p + o, v);
  v128.store(p + last, v);
}

/** Copies `count` floats; rows of 4 or more (conv windows are often 8-24 wide) as f32x4 moves, the last one overlapping. */
function copyRow(dst: usize, src: usize, count: i32): void {
  if (count < 4) {
    for (let i = 0; i < count; i++) store<f32>(dst + <usize>i * 4, load<f32>(src + <usize>i * 4));
    return;
  }
  const last = <usize>(count - 4) * 4;
  for (let o: usize = 0; o < last; o += 16) v128.store(dst + o, v128.load(src + o));
  v128.store(dst + last, v128.load(src + last));
}

/** dst[i] += src[i] for `count` floats (each cell once: no overlapping steps). */
function addRow(dst: usize, src: usize, count: i32): void {
  let o: usize = 0;
  const end = <usize>count * 4;
  for (; o + 16 <= end; o += 16) v128.store(dst + o, f32x4.add(v128.load(dst + o), v128.load(src + o)));
  for (; o < end; o += 4) store<f32>(dst + o, load<f32>(dst + o) + load<f32>(src + o));
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
// The kernel cell (ki, kj) being walked: output rows [cY0, cY1) and columns [cX0, cX1) read the
// image (the others are padding); output position (0, 0) reads image element cOff of its plane.
let cY0: i32 = 0; let cY1: i32 = 0; let cX0: i32 = 0; let cX1: i32 = 0; let cOff: i32 = 0;

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

/** Sets the c* globals for kernel cell (ki, kj) (the divisions happen here, once per cell). */
function setCell(ki: i32, kj: i32): void {
  const yoff = ki * gDh - gPh;
  const xoff = kj * gDw - gPw;
  cY0 = firstValid(yoff, gSh, gOh);
  cY1 = endValid(yoff, gSh, gH, gOh, cY0);
  cX0 = firstValid(xoff, gSw, gOw);
  cX1 = endValid(xoff, gSw, gW, gOw, cX0);
  cOff = yoff * gW + xoff;
}

/**
 * Copies (or with `back`, adds back) the windows of image b, channel ch, kernel cell (ki, kj) as set
 * by setCell: column row k = (ch, ki, kj) of image b against plane (b, ch).
 */
function block(x: usize, cols: usize, b: i32, ch: i32, k: i32, value: f32, back: bool): void {
  const ow = gOw; const sw = gSw;
  const x0 = cX0; const x1 = cX1; const y0 = cY0; const y1 = cY1;
  const rowStep = <usize>ow * 4;
  const srcStep = <usize>(gSh * gW) * 4;
  const row0 = cols + <usize>(b * gStrideN + k * gStrideK) * 4;
  // image cell of output (y0, 0) (the element index may be negative before x0 is added)
  let src = x + <usize>(((b * gC + ch) * gH * gW + cOff + y0 * gSh * gW) * 4);
  let row = row0 + <usize>y0 * rowStep;
  const cnt = x1 - x0;
  if (back) {
    if (sw == 1) {
      for (let oy = y0; oy < y1; oy++) {
        addRow(src + <usize>x0 * 4, row + <usize>x0 * 4, cnt);
        src += srcStep; row += rowStep;
      }
    } else {
      const step = <usize>sw * 4;
      for (let oy = y0; oy < y1; oy++) {
        let p = src + <usize>(x0 * sw) * 4;
        for (let ox = x0; ox < x1; ox++) {
          store<f32>(p, load<f32>(p) + load<f32>(row + <usize>ox * 4));
          p += step;
        }
        src += srcStep; row += rowStep;
      }
    }
    return;
  }
  // rows of padding above and below
  for (let oy = 0; oy < y0; oy++) fillRow(row0 + <usize>oy * rowStep, ow, value);
  for (let oy = y1; oy < gOh; oy++) fillRow(row0 + <usize>oy * rowStep, ow, value);
  if (sw == 1 && x0 == 0 && x1 == ow) {
    // NOTE: the common no-padding case, one 2D strided copy
    for (let oy = y0; oy < y1; oy++) {
      copyRow(row, src, ow);
      src += srcStep; row += rowStep;
    }
    return;
  }
  for (let oy = y0; oy < y1; oy++) {
    fillRow(row, x0, value);
    if (sw == 1) {
      copyRow(row + <usize>x0 * 4, src + <usize>x0 * 4, cnt);
    } else {
      for (let ox = x0; ox < x1; ox++) store<f32>(row + <usize>ox * 4, load<f32>(src + <usize>(ox * sw) * 4));
    }
    fillRow(row + <usize>x1 * 4, ow - x1, value);
    src += srcStep; row += rowStep;
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
          setCell(ki, kj);
          const k = (ch * gKh + ki) * gKw + kj;
          for (let b = 0; b < gN; b++) block(x, cols, b, ch, k, value, back);
        }
      }
    } else {
      const b = u / gC;
      const ch = u % gC;
      if (back) memory.fill(x + <usize>u * plane, 0, plane);
      for (let ki = 0; ki < gKh; ki++) {
        for (let kj = 0; kj < gKw; kj++) {
          setCell(ki, kj);
          block(x, cols, b, ch, (ch * gKh + ki) * gKw + kj, value, back);
        }
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
