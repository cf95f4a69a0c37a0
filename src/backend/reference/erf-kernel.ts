// The error function in float64 for the `erf` primitive (JavaScript has no Math.erf): a series
// without cancellation for |x| < 3 and a continued fraction for erfc beyond, both to ~1 ulp.

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/**
 * erf(x) = 2/sqrt(pi) int_0^x e^(-t^2) dt. For |x| < 3 the series
 * erf(x) = 2/sqrt(pi) e^(-x^2) sum_n 2^n x^(2n+1) / (1 * 3 * ... * (2n+1)) (Abramowitz & Stegun 7.1.6,
 * all terms positive); beyond, 1 - erfc(x) with erfc's continued fraction (A&S 7.1.14) evaluated by
 * Lentz's method. erf(+-Infinity) = +-1, erf(NaN) = NaN, erf(-0) = -0.
 */
export function erf(x: number): number {
  if (x !== x) return x;
  const a = Math.abs(x);
  if (a >= 6) return x > 0 ? 1 : -1; // 1 - erfc(6) rounds to 1 in float64
  if (a < 3) {
    const x2 = x * x;
    let term = x;
    let sum = x;
    for (let n = 0; n < 200 && Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
      term *= (2 * x2) / (2 * n + 3);
      sum += term;
    }
    return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
  }
  // erfc(a) = e^(-a^2)/sqrt(pi) * 1/(a + (1/2)/(a + 1/(a + (3/2)/(a + 2/(a + ...))))), via Lentz
  const tiny = 1e-300;
  let f = a;
  let c = a;
  let d = 0;
  for (let k = 1; k < 300; k++) {
    const ak = k / 2;
    d = a + ak * d;
    d = d === 0 ? tiny : d;
    c = a + ak / c;
    c = c === 0 ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  const erfc = Math.exp(-a * a) / Math.sqrt(Math.PI) / f;
  return x > 0 ? 1 - erfc : erfc - 1;
}
