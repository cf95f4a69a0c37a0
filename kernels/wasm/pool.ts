// Float32 max-pooling kernels for the wasm backend (AssemblyScript): the max of every window, and the
// gradient routed to each window's first maximum (a NaN counts as the maximum; the last NaN wins, as
// in PyTorch). Geometry as in conv.ts; the common 2x2 stride-2 window has a 128-bit SIMD path (four windows per step, no branches).

// The geometry of the running call, in wasm globals (each instance, one per thread, has its own).
let gH: i32 = 0; let gW: i32 = 0; let gKh: i32 = 0; let gKw: i32 = 0; let gSh: i32 = 0; let gSw: i32 = 0;
let gPh: i32 = 0; let gPw: i32 = 0; let gDh: i32 = 0; let gDw: i32 = 0; let gOh: i32 = 0; let gOw: i32 = 0;

/**
 * Element index (in the plane at `xp`) of the first maximum of window (i, j), or -1 for a window
 * with no input cell; columns are clipped to the row only with `clip` (windows inside need none).
 * NOTE: branchless (`select`) so that random data costs no mispredicted jumps; the order of the
 * comparisons is the reference's, so ties and NaN pick the same cell.
 */
function windowArgmax(xp: usize, i: i32, j: i32, clip: bool): i32 {
  const h = gH; const w = gW; const dh = gDh; const dw = gDw;
  const y0 = i * gSh - gPh;
  const u0 = y0 >= 0 ? 0 : (-y0 + dh - 1) / dh;
  const u1 = min(gKh, h - y0 <= 0 ? 0 : (h - y0 + dh - 1) / dh);
  const x0 = j * gSw - gPw;
  let v0 = 0;
  let v1 = gKw;
  if (clip) {
    v0 = x0 >= 0 ? 0 : (-x0 + dw - 1) / dw;
    v1 = min(gKw, w - x0 <= 0 ? 0 : (w - x0 + dw - 1) / dw);
  }
  if (u0 >= u1 || v0 >= v1) return -1;
  let best = (y0 + u0 * dh) * w + x0 + v0 * dw;
  let bv = load<f32>(xp + <usize>best * 4);
  for (let u = u0; u < u1; u++) {
    const rowp = (y0 + u * dh) * w + x0;
    for (let v = u == u0 ? v0 + 1 : v0; v < v1; v++) {
      const p = rowp + v * dw;
      const val = load<f32>(xp + <usize>p * 4);
      // take val when val > bv, or when val is NaN (PyTorch's `val > max || isnan(val)`: the last NaN wins)
      const take = (val > bv) | (val != val);
      best = select<i32>(p, best, take);
      // NOTE: an i32 select (a float one may compile to a jump)
      bv = reinterpret<f32>(select<i32>(reinterpret<i32>(val), reinterpret<i32>(bv), take));
    }
  }
  return best;
}

/** Cells p, p + sw, p + 2 sw, p + 3 sw of the plane at `xp` (never reading past p + 3 sw). */
function load4(xp: usize, p: i32, sw: i32): v128 {
  const q = xp + <usize>p * 4;
  if (sw == 1) return v128.load(q);
  if (sw == 2) return v128.shuffle<f32>(v128.load(q), v128.load(q, 12), 0, 2, 5, 7);
  const s = <usize>sw * 4;
  return f32x4(load<f32>(q), load<f32>(q + s), load<f32>(q + 2 * s), load<f32>(q + 3 * s));
}

/**
 * Windows [j0, j1) of row i of the plane at `xp` (plane element offset `off`), the generic way:
 * groups of four windows inside the row [jLo, jHi) in f32x4 lanes, the others one at a time.
 */
function genericRow(xp: usize, g: usize, out: usize, off: i32, o: usize, i: i32, j0: i32, j1: i32, jLo: i32, jHi: i32, backward: bool): void {
  const y0 = i * gSh - gPh;
  const u0 = y0 >= 0 ? 0 : (-y0 + gDh - 1) / gDh;
  const u1 = min(gKh, gH - y0 <= 0 ? 0 : (gH - y0 + gDh - 1) / gDh);
  const sw = gSw;
  const lanes = i32x4(0, sw, 2 * sw, 3 * sw);
  let j = j0;
  while (j < j1) {
    if (u0 < u1 && j >= jLo && j + 4 <= min(j1, jHi)) {
      // NOTE: the cells in the generic loop's order, taken as it takes them, so every lane picks the same cell
      let best = i32x4.splat(0);
      let bv = f32x4.splat(0);
      for (let u = u0; u < u1; u++) {
        const rowp = (y0 + u * gDh) * gW + j * sw - gPw;
        for (let v = 0; v < gKw; v++) {
          const p = rowp + v * gDw;
          const val = load4(xp, p, sw);
          const idx = i32x4.add(i32x4.splat(p), lanes);
          if (u == u0 && v == 0) {
            best = idx;
            bv = val;
          } else {
            const t = takes(bv, val);
            best = v128.bitselect(idx, best, t);
            bv = v128.bitselect(val, bv, t);
          }
        }
      }
      if (backward) {
        // windows may overlap: add in window order, as the generic loop does
        const gp = g + (o + <usize>j) * 4;
        const q0 = out + <usize>(off + i32x4.extract_lane(best, 0)) * 4;
        store<f32>(q0, load<f32>(q0) + load<f32>(gp));
        const q1 = out + <usize>(off + i32x4.extract_lane(best, 1)) * 4;
        store<f32>(q1, load<f32>(q1) + load<f32>(gp, 4));
        const q2 = out + <usize>(off + i32x4.extract_lane(best, 2)) * 4;
        store<f32>(q2, load<f32>(q2) + load<f32>(gp, 8));
        const q3 = out + <usize>(off + i32x4.extract_lane(best, 3)) * 4;
        store<f32>(q3, load<f32>(q3) + load<f32>(gp, 12));
      } else {
        v128.store(out + (o + <usize>j) * 4, bv);
      }
      j += 4;
      continue;
    }
    const best = windowArgmax(xp, i, j, j < jLo || j >= jHi);
    if (backward) {
      if (best >= 0) {
        const q = out + <usize>(off + best) * 4;
        store<f32>(q, load<f32>(q) + load<f32>(g + (o + <usize>j) * 4));
      }
    } else {
      store<f32>(out + (o + <usize>j) * 4, best >= 0 ? load<f32>(xp + <usize>best * 4) : -Infinity);
    }
    j++;
  }
}

/** Lanes where the generic loop would take `val` over the running maximum `bv` (val > bv, or val NaN). */
function takes(bv: v128, val: v128): v128 {
  return v128.or(f32x4.gt(val, bv), f32x4.ne(val, val));
}

/** Maxima of four 2x2 stride-2 windows (top-left cells at `r0`, `r1`, 8 floats each) stored at `o`. */
function quadMax(r0: usize, r1: usize, o: usize): void {
  const a0 = v128.load(r0); const a1 = v128.load(r0, 16);
  const c0 = v128.load(r1); const c1 = v128.load(r1, 16);
  // window cells in row-major order a b / c d, one window per lane; the running max takes each
  // cell as the generic loop would, so NaN and ties give the same bits
  const a = v128.shuffle<f32>(a0, a1, 0, 2, 4, 6);
  const b = v128.shuffle<f32>(a0, a1, 1, 3, 5, 7);
  const c = v128.shuffle<f32>(c0, c1, 0, 2, 4, 6);
  const d = v128.shuffle<f32>(c0, c1, 1, 3, 5, 7);
  const m1 = v128.bitselect(b, a, takes(a, b));
  const m2 = v128.bitselect(c, m1, takes(m1, c));
  v128.store(o, v128.bitselect(d, m2, takes(m2, d)));
}

/**
 * Gradient of four 2x2 stride-2 windows (x cells at `r0`, `r1`; gradient cells at `d0`, `d1`):
 * stores 0 + g at each window's first maximum and 0 at its other three cells (windows do not
 * overlap, so plain stores replace the generic zero-fill and add).
 */
function quadGrad(r0: usize, r1: usize, d0: usize, d1: usize, g: usize): void {
  const a0 = v128.load(r0); const a1 = v128.load(r0, 16);
  const c0 = v128.load(r1); const c1 = v128.load(r1, 16);
  const a = v128.shuffle<f32>(a0, a1, 0, 2, 4, 6);
  const b = v128.shuffle<f32>(a0, a1, 1, 3, 5, 7);
  const c = v128.shuffle<f32>(c0, c1, 0, 2, 4, 6);
  const d = v128.shuffle<f32>(c0, c1, 1, 3, 5, 7);
  const tb = takes(a, b);
  const m1 = v128.bitselect(b, a, tb);
  const tc = takes(m1, c);
  const td = takes(v128.bitselect(c, m1, tc), d);
  // the cell taken last is the first maximum; 0 + g as the generic add gives (-0 becomes +0)
  const gv = f32x4.add(f32x4.splat(0), v128.load(g));
  const ga = v128.andnot(gv, v128.or(tb, v128.or(tc, td)));
  const gb = v128.and(gv, v128.andnot(tb, v128.or(tc, td)));
  const gc = v128.and(gv, v128.andnot(tc, td));
  const gd = v128.and(gv, td);
  v128.store(d0, v128.shuffle<f32>(ga, gb, 0, 4, 1, 5));
  v128.store(d0, v128.shuffle<f32>(ga, gb, 2, 6, 3, 7), 16);
  v128.store(d1, v128.shuffle<f32>(gc, gd, 0, 4, 1, 5));
  v128.store(d1, v128.shuffle<f32>(gc, gd, 2, 6, 3, 7), 16);
}

/** First maximum (0..3 for a b / c d) of one 2x2 window at `r0`, `r1`, as the generic loop picks it. */
function argmax2x2(r0: usize, r1: usize): i32 {
  const a = load<f32>(r0); const b = load<f32>(r0, 4); const c = load<f32>(r1); const d = load<f32>(r1, 4);
  let best = 0;
  let bv = a;
  if (b > bv || b != b) { best = 1; bv = b; }
  if (c > bv || c != c) { best = 2; bv = c; }
  if (d > bv || d != d) best = 3;
  return best;
}

/**
 * Forward (`g` = 0: out[window] = max) or backward (out[argmax] += g[window]) over the planes of part
 * `part` of `nparts` (planes are independent, so any partition gives the same result).
 */
function poolPass(x: usize, g: usize, out: usize, args: usize, part: i32, nparts: i32): void {
  const planes = load<i32>(args) * load<i32>(args, 4);
  const p0 = <i32>((<i64>planes * part) / nparts);
  const p1 = <i32>((<i64>planes * (part + 1)) / nparts);
  gH = load<i32>(args, 8); gW = load<i32>(args, 12);
  gKh = load<i32>(args, 16); gKw = load<i32>(args, 20); gSh = load<i32>(args, 24); gSw = load<i32>(args, 28);
  gPh = load<i32>(args, 32); gPw = load<i32>(args, 36); gDh = load<i32>(args, 40); gDw = load<i32>(args, 44);
  gOh = load<i32>(args, 48); gOw = load<i32>(args, 52);
  const h = gH; const w = gW; const oh = gOh; const ow = gOw; const sw = gSw; const pw = gPw;
  const backward = g != 0;
  const hw = h * w;
  // windows j in [jLo, jHi) lie inside the row: no clipping (and no divisions) needed
  const jLo = min(ow, (pw + sw - 1) / sw);
  const jHi = max(jLo, min(ow, w - (gKw - 1) * gDw + pw <= 0 ? 0 : (w - (gKw - 1) * gDw + pw + sw - 1) / sw));
  // 2x2 stride 2: rows i < ohf and windows j < owf lie inside the plane and go the SIMD way
  const fast = gKh == 2 && gKw == 2 && gSh == 2 && sw == 2 && gPh == 0 && pw == 0 && gDh == 1 && gDw == 1;
  const ohf = fast ? min(oh, h >> 1) : 0;
  const owf = fast ? min(ow, w >> 1) : 0;
  const ow4 = owf & ~3;
  const rowBytes = <usize>w * 4;
  for (let plane = p0; plane < p1; plane++) {
    const off = plane * hw;
    const xp = x + <usize>off * 4;
    const op = out + <usize>off * 4; // backward: the plane's gradient
    let o = <usize>plane * oh * ow; // index of the row's first window in g or the pooled output
    // NOTE: backward, the fast windows store their four cells; only the cells they do not cover are zeroed first
    if (backward && !fast) memory.fill(op, 0, <usize>hw * 4);
    for (let i = 0; i < ohf; i++) {
      const r0 = <usize>(2 * i) * rowBytes;
      const x0 = xp + r0; const x1 = x0 + rowBytes;
      if (backward && owf * 2 < w) {
        memory.fill(op + r0 + <usize>owf * 8, 0, <usize>(w - owf * 2) * 4);
        memory.fill(op + r0 + rowBytes + <usize>owf * 8, 0, <usize>(w - owf * 2) * 4);
      }
      if (backward) {
        const d0 = op + r0; const d1 = d0 + rowBytes;
        for (let j = 0; j < ow4; j += 4) {
          const col = <usize>j * 8;
          quadGrad(x0 + col, x1 + col, d0 + col, d1 + col, g + (o + <usize>j) * 4);
        }
        for (let j = ow4; j < owf; j++) {
          const col = <usize>j * 8;
          const best = argmax2x2(x0 + col, x1 + col);
          const gv: f32 = 0 + load<f32>(g + (o + <usize>j) * 4);
          store<f32>(d0 + col, best == 0 ? gv : 0);
          store<f32>(d0 + col, best == 1 ? gv : 0, 4);
          store<f32>(d1 + col, best == 2 ? gv : 0);
          store<f32>(d1 + col, best == 3 ? gv : 0, 4);
        }
      } else {
        for (let j = 0; j < ow4; j += 4) quadMax(x0 + <usize>j * 8, x1 + <usize>j * 8, out + (o + <usize>j) * 4);
        for (let j = ow4; j < owf; j++) {
          const col = <usize>j * 8;
          const best = argmax2x2(x0 + col, x1 + col);
          store<f32>(out + (o + <usize>j) * 4, load<f32>((best < 2 ? x0 : x1) + col + <usize>(best & 1) * 4));
        }
      }
      genericRow(xp, g, out, off, o, i, owf, ow, jLo, jHi, backward);
      o += <usize>ow;
    }
    if (backward && fast && ohf * 2 < h) memory.fill(op + <usize>(ohf * 2) * rowBytes, 0, <usize>(h - ohf * 2) * rowBytes);
    for (let i = ohf; i < oh; i++) {
      genericRow(xp, g, out, off, o, i, 0, ow, jLo, jHi, backward);
      o += <usize>ow;
    }
  }
}

/** Max pooling, part `part` of `nparts`; `args`: geometry (i32 0..14), then x (i32 15) and out (i32 16) pointers. */
export function maxPool(args: usize, part: i32, nparts: i32): void {
  poolPass(<usize>load<i32>(args, 60), 0, <usize>load<i32>(args, 64), args, part, nparts);
}

/** Gradient of max pooling, part `part` of `nparts`: zeroes its planes of out, then adds each g at the window's first max; g pointer at i32 17. */
export function maxPoolGrad(args: usize, part: i32, nparts: i32): void {
  poolPass(<usize>load<i32>(args, 60), <usize>load<i32>(args, 68), <usize>load<i32>(args, 64), args, part, nparts);
}
