// Float32 max-pooling kernels for the wasm backend (AssemblyScript): the max of every window, and the
// gradient routed to each window's first maximum (NaN counts as the maximum). Geometry as in conv.ts.

/** Forward (`g` = 0: out[window] = max) or backward (out[argmax] += g[window]) over every window. */
function poolPass(x: usize, g: usize, out: usize, args: usize): void {
  const planes = load<i32>(args) * load<i32>(args, 4);
  const h = load<i32>(args, 8); const w = load<i32>(args, 12);
  const kh = load<i32>(args, 16); const kw = load<i32>(args, 20); const sh = load<i32>(args, 24); const sw = load<i32>(args, 28);
  const ph = load<i32>(args, 32); const pw = load<i32>(args, 36); const dh = load<i32>(args, 40); const dw = load<i32>(args, 44);
  const oh = load<i32>(args, 48); const ow = load<i32>(args, 52);
  const backward = g != 0;
  const hw = h * w;
  // windows j in [jLo, jHi) lie inside the row: no clipping (and no divisions) needed
  const jLo = min(ow, (pw + sw - 1) / sw);
  const jHi = max(jLo, min(ow, w - (kw - 1) * dw + pw <= 0 ? 0 : (w - (kw - 1) * dw + pw + sw - 1) / sw));
  let o: usize = 0; // window counter (element index into g or the pooled output)
  for (let plane = 0; plane < planes; plane++) {
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

/** out[plane, i, j] = max of window (i, j) of x (-Infinity for an empty window). */
export function maxPool(x: usize, out: usize, args: usize): void {
  poolPass(x, 0, out, args);
}

/** out = 0, then out[first max of window (i, j)] += g[plane, i, j]. */
export function maxPoolGrad(g: usize, x: usize, out: usize, args: usize): void {
  memory.fill(out, 0, <usize>(load<i32>(args) * load<i32>(args, 4) * load<i32>(args, 8) * load<i32>(args, 12)) * 4);
  poolPass(x, g, out, args);
}
