// Independent float64 reference implementations of each published update rule, written with plain
// numbers one coordinate at a time (the test oracle for the optimizer trajectory tests).

import type { Reference } from './helpers.js';

const zeros = (n: number): number[] => new Array<number>(n).fill(0);

/** torch.optim.SGD's algorithm (its implementation: a maximized gradient is negated before weight decay). */
export function sgdRef({ lr, momentum = 0, dampening = 0, nesterov = false, weightDecay = 0, maximize = false }: {
  lr: number; momentum?: number; dampening?: number; nesterov?: boolean; weightDecay?: number; maximize?: boolean;
}): () => Reference {
  return () => {
    let b: number[] | null = null;
    return (theta, gradFn) => {
      const raw = gradFn(theta);
      const g = theta.map((t, i) => (maximize ? -raw[i]! : raw[i]!) + weightDecay * t);
      let d = g;
      if (momentum !== 0) {
        const prev: number[] | null = b;
        b = prev === null ? [...g] : prev.map((bi, i) => momentum * bi + (1 - dampening) * g[i]!);
        const buf: number[] = b;
        d = nesterov ? g.map((gi, i) => gi + momentum * buf[i]!) : buf;
      }
      return theta.map((t, i) => t - lr * d[i]!);
    };
  };
}

/** The lecture's momentum: dTheta = alpha dTheta + eta grad Q(theta); theta = theta - dTheta. */
export function lectureMomentumRef({ eta, alpha }: { eta: number; alpha: number }): () => Reference {
  return () => {
    let delta: number[] | null = null;
    return (theta, gradFn) => {
      const g = gradFn(theta);
      const prev = delta ?? zeros(theta.length);
      delta = prev.map((d, i) => alpha * d + eta * g[i]!);
      const dl = delta;
      return theta.map((t, i) => t - dl[i]!);
    };
  };
}

/**
 * The lecture's Nesterov momentum: dTheta = alpha dTheta + eta grad Q(theta - alpha dTheta);
 * theta = theta - dTheta. Returns the look-ahead point theta - alpha dTheta (what PyTorch stores)
 * when `lookAhead`, else theta itself. Keeps the lecture's theta internally either way.
 */
export function lectureNesterovRef({ eta, alpha, lookAhead }: { eta: number; alpha: number; lookAhead: boolean }): () => Reference {
  return () => {
    let theta: number[] | null = null;
    let delta: number[] | null = null;
    return (shown, gradFn) => {
      const th = theta ?? shown;
      const prev = delta ?? zeros(th.length);
      const g = gradFn(th.map((t, i) => t - alpha * prev[i]!));
      const d = prev.map((x, i) => alpha * x + eta * g[i]!);
      const next = th.map((t, i) => t - d[i]!);
      theta = next;
      delta = d;
      return lookAhead ? next.map((t, i) => t - alpha * d[i]!) : next;
    };
  };
}

/** RMSProp as torch.optim.RMSprop documents it, or the lecture's form with eps inside the root. */
export function rmspropRef({ lr, alpha = 0.99, eps = 1e-8, momentum = 0, centered = false, weightDecay = 0, epsInsideSqrt = false }: {
  lr: number; alpha?: number; eps?: number; momentum?: number; centered?: boolean; weightDecay?: number; epsInsideSqrt?: boolean;
}): () => Reference {
  return () => {
    let v: number[] | null = null;
    let gAvg: number[] | null = null;
    let b: number[] | null = null;
    return (theta, gradFn) => {
      const n = theta.length;
      const raw = gradFn(theta);
      const g = theta.map((t, i) => raw[i]! + weightDecay * t);
      v = (v ?? zeros(n)).map((vi, i) => alpha * vi + (1 - alpha) * g[i]! ** 2);
      let vt = v;
      if (centered) {
        gAvg = (gAvg ?? zeros(n)).map((m, i) => alpha * m + (1 - alpha) * g[i]!);
        const ga = gAvg;
        vt = v.map((vi, i) => vi - ga[i]! ** 2);
      }
      const denom = vt.map((x) => (epsInsideSqrt ? Math.sqrt(x + eps) : Math.sqrt(x) + eps));
      if (momentum > 0) {
        b = (b ?? zeros(n)).map((bi, i) => momentum * bi + g[i]! / denom[i]!);
        const bb = b;
        return theta.map((t, i) => t - lr * bb[i]!);
      }
      return theta.map((t, i) => t - (lr * g[i]!) / denom[i]!);
    };
  };
}

/** Adagrad (Duchi et al. 2011) as torch.optim.Adagrad documents it. */
export function adagradRef({ lr, lrDecay = 0, weightDecay = 0, eps = 1e-10, initialAccumulatorValue = 0 }: {
  lr: number; lrDecay?: number; weightDecay?: number; eps?: number; initialAccumulatorValue?: number;
}): () => Reference {
  return () => {
    let t = 0;
    let sum: number[] | null = null;
    return (theta, gradFn) => {
      t += 1;
      const raw = gradFn(theta);
      const g = theta.map((x, i) => raw[i]! + weightDecay * x);
      const lrT = lr / (1 + (t - 1) * lrDecay);
      sum = (sum ?? new Array<number>(theta.length).fill(initialAccumulatorValue)).map((s, i) => s + g[i]! ** 2);
      const ss = sum;
      return theta.map((x, i) => x - (lrT * g[i]!) / (Math.sqrt(ss[i]!) + eps));
    };
  };
}

/**
 * Adam as Kingma & Ba 2015 (Algorithm 1) write it, with bias-corrected moments
 * m^ = m / (1 - b1^t), v^ = v / (1 - b2^t); plus PyTorch's coupled L2 weight decay, AMSGrad
 * (max of v, bias-corrected like PyTorch) and decoupled decay (AdamW, Loshchilov & Hutter 2019).
 */
export function adamRef({ lr, betas = [0.9, 0.999], eps = 1e-8, weightDecay = 0, amsgrad = false, decoupled = false }: {
  lr: number; betas?: [number, number]; eps?: number; weightDecay?: number; amsgrad?: boolean; decoupled?: boolean;
}): () => Reference {
  const [b1, b2] = betas;
  return () => {
    let t = 0;
    let m: number[] | null = null;
    let v: number[] | null = null;
    let vMax: number[] | null = null;
    return (theta0, gradFn) => {
      t += 1;
      const n = theta0.length;
      const raw = gradFn(theta0);
      const theta = decoupled ? theta0.map((x) => x - lr * weightDecay * x) : theta0;
      const g = decoupled ? raw : theta.map((x, i) => raw[i]! + weightDecay * x);
      m = (m ?? zeros(n)).map((mi, i) => b1 * mi + (1 - b1) * g[i]!);
      v = (v ?? zeros(n)).map((vi, i) => b2 * vi + (1 - b2) * g[i]! ** 2);
      let second = v;
      if (amsgrad) {
        const vv = v;
        vMax = (vMax ?? zeros(n)).map((x, i) => Math.max(x, vv[i]!));
        second = vMax;
      }
      const mm = m;
      const mHat = mm.map((x) => x / (1 - b1 ** t));
      const vHat = second.map((x) => x / (1 - b2 ** t));
      return theta.map((x, i) => x - (lr * mHat[i]!) / (Math.sqrt(vHat[i]!) + eps));
    };
  };
}

/** NAdam as torch.optim.NAdam documents it (Dozat 2016 with the mu_t schedule), products recomputed from scratch. */
export function nadamRef({ lr, betas = [0.9, 0.999], eps = 1e-8, weightDecay = 0, momentumDecay = 4e-3, decoupled = false }: {
  lr: number; betas?: [number, number]; eps?: number; weightDecay?: number; momentumDecay?: number; decoupled?: boolean;
}): () => Reference {
  const [b1, b2] = betas;
  const mu = (i: number): number => b1 * (1 - 0.5 * 0.96 ** (i * momentumDecay));
  const prod = (k: number): number => {
    let p = 1;
    for (let i = 1; i <= k; i++) p *= mu(i);
    return p;
  };
  return () => {
    let t = 0;
    let m: number[] | null = null;
    let v: number[] | null = null;
    return (theta0, gradFn) => {
      t += 1;
      const n = theta0.length;
      const raw = gradFn(theta0);
      const theta = decoupled ? theta0.map((x) => x * (1 - lr * weightDecay)) : theta0;
      const g = decoupled ? raw : theta.map((x, i) => raw[i]! + weightDecay * x);
      m = (m ?? zeros(n)).map((mi, i) => b1 * mi + (1 - b1) * g[i]!);
      v = (v ?? zeros(n)).map((vi, i) => b2 * vi + (1 - b2) * g[i]! ** 2);
      const mm = m;
      const vv = v;
      const mHat = mm.map((x, i) => (mu(t + 1) * x) / (1 - prod(t + 1)) + ((1 - mu(t)) * g[i]!) / (1 - prod(t)));
      const vHat = vv.map((x) => x / (1 - b2 ** t));
      return theta.map((x, i) => x - (lr * mHat[i]!) / (Math.sqrt(vHat[i]!) + eps));
    };
  };
}
