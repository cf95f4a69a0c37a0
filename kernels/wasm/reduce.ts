// Float32 reductions for the wasm backend (AssemblyScript, 128-bit SIMD) along one axis of a tensor
// viewed as [outer, r, inner]. Sums accumulate in float64 like the reference backend.

const SUM = 0; const MAX = 1;

/**
 * Reduces axis r of x ([outer, r, inner]) into out ([outer, inner]); op 0 sum, 1 max, 2 min.
 * `acc` is scratch for `inner` float64s (sum only).
 */
export function reduce(op: i32, x: usize, out: usize, outer: i32, r: i32, inner: i32, acc: usize): void {
  for (let o = 0; o < outer; o++) {
    const base = x + <usize>(o * r * inner) * 4;
    const dst = out + <usize>(o * inner) * 4;
    if (inner == 1) store<f32>(dst, reduceRow(op, base, r));
    else if (op == SUM) sumColumns(base, dst, r, inner, acc);
    else extremeColumns(op == MAX, base, dst, r, inner);
  }
}

function reduceRow(op: i32, x: usize, r: i32): f32 {
  let j = 0;
  if (op == SUM) {
    let s0 = f64x2.splat(0), s1 = f64x2.splat(0);
    for (; j + 4 <= r; j += 4) {
      const v = v128.load(x + <usize>j * 4);
      s0 = f64x2.add(s0, f64x2.promote_low_f32x4(v));
      s1 = f64x2.add(s1, f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 0, 1)));
    }
    let s = f64x2.extract_lane(s0, 0) + f64x2.extract_lane(s1, 0) + f64x2.extract_lane(s0, 1) + f64x2.extract_lane(s1, 1);
    for (; j < r; j++) s += <f64>load<f32>(x + <usize>j * 4);
    return <f32>s;
  }
  const isMax = op == MAX;
  if (r == 0) return isMax ? -Infinity : Infinity;
  let e = load<f32>(x);
  let ev = f32x4.splat(e);
  for (; j + 4 <= r; j += 4) {
    const v = v128.load(x + <usize>j * 4);
    ev = isMax ? f32x4.max(ev, v) : f32x4.min(ev, v);
  }
  for (let l = 0; l < 4; l++) {
    const lane = f32x4.extract_lane(i32x4.shuffle(ev, ev, 0, 1, 2, 3), 0);
    e = isMax ? max<f32>(e, lane) : min<f32>(e, lane);
    ev = i32x4.shuffle(ev, ev, 1, 2, 3, 0);
  }
  for (; j < r; j++) {
    const v = load<f32>(x + <usize>j * 4);
    e = isMax ? max<f32>(e, v) : min<f32>(e, v);
  }
  return e;
}

function sumColumns(x: usize, dst: usize, r: i32, inner: i32, acc: usize): void {
  memory.fill(acc, 0, <usize>inner * 8);
  for (let j = 0; j < r; j++) {
    const row = x + <usize>(j * inner) * 4;
    let i = 0;
    for (; i + 4 <= inner; i += 4) {
      const v = v128.load(row + <usize>i * 4);
      const ap = acc + <usize>i * 8;
      v128.store(ap, f64x2.add(v128.load(ap), f64x2.promote_low_f32x4(v)));
      v128.store(ap, f64x2.add(v128.load(ap, 16), f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 0, 1))), 16);
    }
    for (; i < inner; i++) {
      const ap = acc + <usize>i * 8;
      store<f64>(ap, load<f64>(ap) + <f64>load<f32>(row + <usize>i * 4));
    }
  }
  for (let i = 0; i < inner; i++) store<f32>(dst + <usize>i * 4, <f32>load<f64>(acc + <usize>i * 8));
}

function extremeColumns(isMax: bool, x: usize, dst: usize, r: i32, inner: i32): void {
  if (r == 0) {
    for (let i = 0; i < inner; i++) store<f32>(dst + <usize>i * 4, isMax ? -Infinity : Infinity);
    return;
  }
  memory.copy(dst, x, <usize>inner * 4);
  for (let j = 1; j < r; j++) {
    const row = x + <usize>(j * inner) * 4;
    let i = 0;
    for (; i + 4 <= inner; i += 4) {
      const o = <usize>i * 4;
      const v = v128.load(row + o);
      const d = v128.load(dst + o);
      v128.store(dst + o, isMax ? f32x4.max(d, v) : f32x4.min(d, v));
    }
    for (; i < inner; i++) {
      const o = <usize>i * 4;
      const v = load<f32>(row + o);
      const d = load<f32>(dst + o);
      store<f32>(dst + o, isMax ? max<f32>(d, v) : min<f32>(d, v));
    }
  }
}
