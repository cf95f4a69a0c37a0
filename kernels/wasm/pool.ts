// Float32 max-pooling kernels for the wasm backend (AssemblyScript): the max of every window, and the
// gradient routed to each window's first maximum (NaN counts as the maximum). Geometry as in conv.ts.

/**
 * Forward (`g` = 0: out[window] = max) or backward (out[argmax] += g[window]) over the planes of part
 * `part` of `nparts` (planes are independent, so any partition gives the same result).
 */
function poolPass(x: usize, g: usize, out: usize, args: usize, part: i32, nparts: i32): void {
  const planes = load<i32>(args) * load<i32>(args, 4);
  const p0 = <i32>((<i64>planes * part) / nparts);
  const p1 = <i32>((<i64>planes * (part + 1)) / nparts);
  const h = load<i32>(args, 8); const w = load<i32>(args, 12);
  const kh = load<i32>(args, 16); const kw = load<i32>(args, 20); const sh = load<i32>(args, 24); const sw = load<i32>(args, 28);
  const ph = load<i32>(args, 32); const pw = load<i32>(args, 36); const dh = load<i32>(args, 40); const dw = load<i32>(args, 44);
  const oh = load<i32>(args, 48); const ow = load<i32>(args, 52);
  const backward = g != 0;
  const hw = h * w;
  // windows j in [jLo, jHi) lie inside the row: no clipping (and no divisions) needed
  const jLo = min(ow, (pw + sw - 1) / sw);
  const jHi = max(jLo, min(ow, w - (kw - 1) * dw + pw <= 0 ? 0 : (w - (kw - 1) * dw + pw + sw - 1) / sw));
  let o = <usize>(p0 * oh * ow); // window counter (element index into g or the pooled output)
  for (let plane = p0; plane < p1; plane++) {
    if (backward) memory.fill(out + <usize>(plane * hw) * 4, 0, <usize>hw * 4);
    const xp = x + <usize>(plane * hw) * 4;
    for (let i = 0; i < oh; i++) {
      const y0 = i * sh - ph;
      // kernel rows u with 0 <= y0 + u*dh < h
      const u0 = y0 >= 0 ? 0 : (-y0 + dh - 1) / dh;
      const u1 = min(kh, h - y0 <= 0 ? 0 : (h - y0 + dh - 1) / dh);
      for (let j = 0; j < ow; j++) {
        const x0 = j * sw - pw;
        let v0 = 0;
        let v1 = kw;
        if (j < jLo || j >= jHi) {
          v0 = x0 >= 0 ? 0 : (-x0 + dw - 1) / dw;
          v1 = min(kw, w - x0 <= 0 ? 0 : (w - x0 + dw - 1) / dw);
        }
        let best = -1;
        let bv: f32 = -Infinity;
        for (let u = u0; u < u1; u++) {
          const rowp = (y0 + u * dh) * w + x0;
          for (let v = v0; v < v1; v++) {
            const p = rowp + v * dw;
            const val = load<f32>(xp + <usize>p * 4);
            if (best < 0 || val > bv || (val != val && bv == bv)) {
              best = p;
              bv = val;
            }
          }
        }
        if (backward) {
          if (best >= 0) {
            const q = out + <usize>(plane * hw + best) * 4;
            store<f32>(q, load<f32>(q) + load<f32>(g + o * 4));
          }
        } else {
          store<f32>(out + o * 4, bv);
        }
        o++;
      }
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
