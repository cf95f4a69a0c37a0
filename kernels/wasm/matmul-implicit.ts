// Implicit im2col for the float32 product (matmul.ts): when B is the column matrix of a convolution
// (unfold's 'knl' layout, [C*kh*kw, N*oh*ow]: row (c, ki, kj), column (image, oy, ox)), packB gathers
// its panels straight from the images instead of from columns an unfold wrote first. The columns
// (13 MB per call for the benchmark's conv2) are then never written nor read back, and the gather
// reads images small enough to stay in cache. The panels hold the same values, so the product is
// bit-identical to unfold + matmul.
// Geometry in an i32 block, as unfold's: [n, c, h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow].

import { NR } from './matmul-pack';

// The geometry of the running product, in wasm globals (one instance per thread, so per thread).
let on = false;
let gC: i32 = 0; let gH: i32 = 0; let gW: i32 = 0; let gKh: i32 = 0; let gKw: i32 = 0;
let gSh: i32 = 0; let gSw: i32 = 0; let gPh: i32 = 0; let gPw: i32 = 0; let gDh: i32 = 0; let gDw: i32 = 0;
let gOh: i32 = 0; let gOw: i32 = 0; let gL: i32 = 0; let gCells: i32 = 0; let gPlane: i32 = 0;
// every window lies inside its image (no padding is read): gathers need no bounds checks
let gInside = false;

/** Reads the geometry at `geo` (0: B is an ordinary matrix) for the products that follow on this thread. */
export function setImplicit(geo: usize): void {
  on = geo != 0;
  if (!on) return;
  gC = load<i32>(geo, 4); gH = load<i32>(geo, 8); gW = load<i32>(geo, 12);
  gKh = load<i32>(geo, 16); gKw = load<i32>(geo, 20); gSh = load<i32>(geo, 24); gSw = load<i32>(geo, 28);
  gPh = load<i32>(geo, 32); gPw = load<i32>(geo, 36); gDh = load<i32>(geo, 40); gDw = load<i32>(geo, 44);
  gOh = load<i32>(geo, 48); gOw = load<i32>(geo, 52);
  gL = gOh * gOw;
  gCells = gKh * gKw;
  gPlane = gH * gW;
  gInside = gPh == 0 && gPw == 0 && (gOh - 1) * gSh + (gKh - 1) * gDh < gH && (gOw - 1) * gSw + (gKw - 1) * gDw < gW;
}

/** Whether B of the running product is implicit (see setImplicit). */
export function implicitOn(): bool {
  return on;
}

/** Byte offset of group `t`'s first channel in the images, for a group's `rows` column rows. */
export function implicitGroupOffset(t: i32, rows: i32): usize {
  return <usize>(t * (rows / gCells) * gPlane) * 4;
}

/**
 * `v`, passed through memory at `at` (which the caller overwrites later). TurboFan moves a pure
 * computation whose only use is inside a loop into that loop, divisions included: computed in locals,
 * the eight offsets of panelInsideT were recomputed (three divisions each) on every depth step, 5x
 * slower than unfold + pack. A load V8 cannot move past the loop's stores stays out of the loop.
 */
function opaque(at: usize, v: i32): i32 {
  store<i32>(at, v);
  return load<i32>(at);
}

/** Byte offset of column row r = (c, ki, kj) from its window's origin (for windows inside the image). */
function rowOffset(r: i32): usize {
  const cr = r % gCells;
  return <usize>((r / gCells) * gPlane + (cr / gKw) * gDh * gW + (cr % gKw) * gDw) * 4;
}

/**
 * packColumnsT's panel for the 8 column rows from r (all windows inside the images): one window origin
 * a depth step and 8 loads from it (the offsets computed once, see `opaque`).
 */
function panelInsideT(x: usize, p0: i32, kc: i32, r: i32, panel: usize): void {
  const o0 = <usize>opaque(panel, <i32>rowOffset(r)); const o1 = <usize>opaque(panel, <i32>rowOffset(r + 1));
  const o2 = <usize>opaque(panel, <i32>rowOffset(r + 2)); const o3 = <usize>opaque(panel, <i32>rowOffset(r + 3));
  const o4 = <usize>opaque(panel, <i32>rowOffset(r + 4)); const o5 = <usize>opaque(panel, <i32>rowOffset(r + 5));
  const o6 = <usize>opaque(panel, <i32>rowOffset(r + 6)); const o7 = <usize>opaque(panel, <i32>rowOffset(r + 7));
  const rem = p0 % gL;
  let oy = rem / gOw;
  let ox = rem % gOw;
  let img = x + <usize>((p0 / gL) * gC * gPlane) * 4;
  const imgStep = <usize>(gC * gPlane) * 4;
  const rowStep = <usize>(gSh * gW) * 4;
  const colStep = <usize>gSw * 4;
  let row = img + <usize>oy * rowStep;
  let org = row + <usize>ox * colStep;
  const end = panel + <usize>(kc * NR) * 4;
  for (let d = panel; d < end; d += NR * 4) {
    store<f32>(d, load<f32>(org + o0)); store<f32>(d, load<f32>(org + o1), 4);
    store<f32>(d, load<f32>(org + o2), 8); store<f32>(d, load<f32>(org + o3), 12);
    store<f32>(d, load<f32>(org + o4), 16); store<f32>(d, load<f32>(org + o5), 20);
    store<f32>(d, load<f32>(org + o6), 24); store<f32>(d, load<f32>(org + o7), 28);
    org += colStep;
    if (++ox == gOw) {
      ox = 0;
      row += rowStep;
      if (++oy == gOh) { oy = 0; img += imgStep; row = img; }
      org = row;
    }
  }
}

/** One column of a packColumns panel (output position q, depth [p0, p0+kc)) with padding checks. */
function columnAt(x: usize, q: i32, p0: i32, kc: i32, d0: usize): void {
  const r = q % gL;
  const y0 = opaque(d0, (r / gOw) * gSh - gPh);
  const x0 = opaque(d0, (r % gOw) * gSw - gPw);
  let plane = x + <usize>opaque(d0, ((q / gL) * gC + p0 / gCells) * gPlane * 4);
  let ki = opaque(d0, (p0 % gCells) / gKw);
  let kj = opaque(d0, p0 % gKw);
  let y = y0 + ki * gDh;
  let xx = x0 + kj * gDw;
  const planeStep = <usize>gPlane * 4;
  const end = d0 + <usize>(kc * NR) * 4;
  for (let d = d0; d < end; d += NR * 4) {
    store<f32>(d, <u32>y < <u32>gH && <u32>xx < <u32>gW ? load<f32>(plane + <usize>(y * gW + xx) * 4) : 0);
    xx += gDw;
    if (++kj == gKw) {
      kj = 0;
      xx = x0;
      y += gDh;
      if (++ki == gKh) { ki = 0; y = y0; plane += planeStep; }
    }
  }
}

/**
 * A packColumns panel of 8 neighbours of one output row (stride 1 along it): windows at row y0 and
 * columns x0..x0+7 of the image at `img`. A depth step whose 8 cells lie inside the image (all of them
 * without padding) takes two vector loads; the others go cell by cell with the padding checks.
 */
function rowPanel(img: usize, y0: i32, x0: i32, p0: i32, kc: i32, panel: usize): void {
  y0 = opaque(panel, y0);
  x0 = opaque(panel, x0);
  let plane = img + <usize>opaque(panel, (p0 / gCells) * gPlane * 4);
  let ki = opaque(panel, (p0 % gCells) / gKw);
  let kj = opaque(panel, p0 % gKw);
  let y = y0 + ki * gDh;
  let xx = x0 + kj * gDw;
  const planeStep = <usize>gPlane * 4;
  const end = panel + <usize>(kc * NR) * 4;
  for (let d = panel; d < end; d += NR * 4) {
    if (<u32>y < <u32>gH && xx >= 0 && xx + NR <= gW) {
      const s = plane + <usize>(y * gW + xx) * 4;
      v128.store(d, v128.load(s));
      v128.store(d, v128.load(s, 16), 16);
    } else if (<u32>y >= <u32>gH) {
      v128.store(d, v128.splat<i32>(0));
      v128.store(d, v128.splat<i32>(0), 16);
    } else {
      const row = plane + <usize>(y * gW) * 4;
      for (let j = 0; j < NR; j++) {
        const xj = xx + j;
        store<f32>(d + <usize>j * 4, <u32>xj < <u32>gW ? load<f32>(row + <usize>xj * 4) : 0);
      }
    }
    xx += gDw;
    if (++kj == gKw) {
      kj = 0;
      xx = x0;
      y += gDh;
      if (++ki == gKh) { ki = 0; y = y0; plane += planeStep; }
    }
  }
}

/**
 * Panels [jr][p][NR] of op(B) = columns, depth p in [p0, p0+kc) (column rows), columns j in [j0, j0+nc)
 * (output positions), from the images at `x`.
 */
function packColumns(x: usize, p0: i32, kc: i32, j0: i32, nc: i32, dst: usize): void {
  for (let jr = 0; jr < nc; jr += NR) {
    const cols = min(NR, nc - jr);
    const panel = dst + <usize>(jr * kc) * 4;
    const q = j0 + jr;
    const rem = q % gL;
    const oy = rem / gOw;
    const ox = rem % gOw;
    if (cols == NR && gSw == 1 && ox + NR <= gOw) {
      rowPanel(x + <usize>((q / gL) * gC * gPlane) * 4, oy * gSh - gPh, ox - gPw, p0, kc, panel);
      continue;
    }
    for (let j = 0; j < NR; j++) {
      const d0 = panel + <usize>j * 4;
      if (j >= cols) {
        for (let p = 0; p < kc; p++) store<f32>(d0 + <usize>(p * NR) * 4, 0);
        continue;
      }
      columnAt(x, q + j, p0, kc, d0);
    }
  }
}

/**
 * Panels [jr][p][NR] of op(B) = columns^T (the weight gradient's operand): depth p in [p0, p0+kc)
 * (output positions), columns j in [j0, j0+nc) (column rows), from the images at `x`.
 */
function packColumnsT(x: usize, p0: i32, kc: i32, j0: i32, nc: i32, dst: usize): void {
  const step = <usize>(gC * gPlane) * 4;
  for (let jr = 0; jr < nc; jr += NR) {
    const cols = min(NR, nc - jr);
    const panel = dst + <usize>(jr * kc) * 4;
    if (gInside && cols == NR) {
      panelInsideT(x, p0, kc, j0 + jr, panel);
      continue;
    }
    for (let j = 0; j < NR; j++) {
      const d0 = panel + <usize>j * 4;
      if (j >= cols) {
        for (let p = 0; p < kc; p++) store<f32>(d0 + <usize>(p * NR) * 4, 0);
        continue;
      }
      const r = j0 + jr + j;
      const cr = r % gCells;
      const dy = opaque(d0, (cr / gKw) * gDh - gPh);
      const dx = opaque(d0, (cr % gKw) * gDw - gPw);
      // output columns [oxLo, oxHi) read inside the image (the others are padding)
      const oxLo = opaque(d0, min(gOw, dx >= 0 ? 0 : (-dx + gSw - 1) / gSw));
      const oxHi = opaque(d0, max(oxLo, min(gOw, gW - dx <= 0 ? 0 : (gW - dx + gSw - 1) / gSw)));
      const rem = p0 % gL;
      let oy = opaque(d0, rem / gOw);
      let ox = opaque(d0, rem % gOw);
      let plane = x + <usize>opaque(d0, ((p0 / gL) * gC * gPlane + (r / gCells) * gPlane) * 4);
      let d = d0;
      let left = kc;
      // NOTE: one output row at a time: padding on either side, then a strided copy of the image row.
      while (left > 0) {
        const end = min(gOw, ox + left);
        const y = oy * gSh + dy;
        if (<u32>y >= <u32>gH) {
          for (let o = ox; o < end; o++) { store<f32>(d, 0); d += NR * 4; }
        } else {
          const lo = min(max(ox, oxLo), end);
          const hi = max(lo, min(end, oxHi));
          for (let o = ox; o < lo; o++) { store<f32>(d, 0); d += NR * 4; }
          let s = plane + <usize>(y * gW + lo * gSw + dx) * 4;
          const sstep = <usize>gSw * 4;
          for (let o = lo; o < hi; o++) { store<f32>(d, load<f32>(s)); s += sstep; d += NR * 4; }
          for (let o = hi; o < end; o++) { store<f32>(d, 0); d += NR * 4; }
        }
        left -= end - ox;
        ox = end;
        if (ox == gOw) { ox = 0; if (++oy == gOh) { oy = 0; plane += step; } }
      }
    }
  }
}

/** packB for an implicit B (see packB in matmul-pack.ts): the same panels, gathered from the images. */
export function packImplicit(x: usize, transB: bool, p0: i32, kc: i32, j0: i32, nc: i32, dst: usize): void {
  if (transB) packColumnsT(x, p0, kc, j0, nc, dst);
  else packColumns(x, p0, kc, j0, nc, dst);
}
