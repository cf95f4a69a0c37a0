// GradientFlowRecorder: attaches to any model through module hooks and records, for every layer and
// every training step, the gradient norm, weight norm, update/weight ratio and activation statistics.

import { ValueError } from '../errors.js';
import type { AnyModule, HookHandle } from '../nn/module.js';
import type { Parameter } from '../nn/parameter.js';
import { Tensor } from '../tensor/tensor.js';
import { activationKind, activationStats, l2Norm, updateRatio, type ActivationKind, type ActivationStats } from './layer-stats.js';

/** Statistics of one parameter of a layer at one step. */
export interface ParamStats {
  /** ||grad|| (NaN when the parameter has no gradient). */
  gradNorm: number;
  weightNorm: number;
  /** ||theta_t - theta_{t-1}|| / ||theta_{t-1}|| since the previous `step()` (or `attach`). */
  updateRatio: number;
}

/** One layer (module) at one step. Parameter-free modules (activations) have only the activation fields. */
export interface LayerStats {
  /** Dotted module name in the model (`layers.3`), or the class name for the root. */
  layer: string;
  /** The module's class name (`Linear`, `Sigmoid`, ...). */
  type: string;
  /** Norm of the gradients of the layer's own parameters taken together. */
  gradNorm?: number;
  /** Norm of the layer's own parameters taken together. */
  weightNorm?: number;
  /** ||delta theta|| / ||theta|| over the layer's own parameters. */
  updateRatio?: number;
  /** Per-parameter numbers by parameter name (`weight`, `bias`). */
  params?: Record<string, ParamStats>;
  /** ||dQ/d output|| from the last backward through the module. */
  gradOutputNorm?: number;
  /** Statistics of the module's output in the last forward. */
  activation?: ActivationStats;
}

/** One recorded step. */
export interface StepRecord {
  step: number;
  layers: LayerStats[];
}

/** What `toJSON` returns (plain data; NaN/Infinity become null in JSON.stringify). */
export interface GradientFlowJSON {
  layers: string[];
  steps: StepRecord[];
}

/** Options of `GradientFlowRecorder`. */
export interface GradientFlowOptions {
  /** Which modules to watch (default: leaf modules, i.e. those without children). */
  filter?: (name: string, module: AnyModule) => boolean;
  /** Saturation margin for sigmoid/tanh outputs (see `activationStats`, default 0.05). */
  saturation?: number;
  /** Classify a module's output (default `activationKind`: Sigmoid, Tanh, ReLU by class). */
  kindOf?: (module: AnyModule) => ActivationKind;
  /** Keep at most this many steps (oldest dropped first; default: all). */
  maxSteps?: number;
}

interface Watched {
  name: string;
  module: AnyModule;
  params: [string, Parameter][];
  kind: ActivationKind;
  before: Map<Parameter, Float64Array>;
  activation?: ActivationStats;
  gradOutputNorm?: number;
}

/**
 * Records gradient flow over training, for any `Module`. `attach(model)` adds a forward hook
 * (activation statistics) and a backward hook (output-gradient norm) to each watched module and
 * snapshots the parameters; after each `optimizer.step()` (or after `backward()` when not stepping)
 * call `step()` to record one row per layer. `detach()` removes the hooks.
 *
 * @example
 * const rec = new diagnostics.GradientFlowRecorder().attach(model);
 * for (...) { opt.zeroGrad(); loss(model.call(x)).backward(); opt.step(); rec.step(); }
 * rec.series('0', 'gradNorm'); // the first layer's gradient norm per step
 */
export class GradientFlowRecorder {
  readonly options: GradientFlowOptions;
  #watched: Watched[] = [];
  #handles: HookHandle[] = [];
  #steps: StepRecord[] = [];
  #count = 0;

  constructor(options: GradientFlowOptions = {}) {
    if (options.maxSteps !== undefined && !(Number.isInteger(options.maxSteps) && options.maxSteps > 0)) {
      throw new ValueError(`GradientFlowRecorder: maxSteps must be a positive integer, got ${options.maxSteps}`);
    }
    this.options = options;
  }

  /** True while attached to a model. */
  get attached(): boolean {
    return this.#watched.length > 0;
  }

  /** Watches `model` (detaching from a previous one first); returns this. */
  attach(model: AnyModule): this {
    this.detach();
    const filter = this.options.filter ?? ((_n: string, m: AnyModule) => m.children().length === 0);
    const kindOf = this.options.kindOf ?? activationKind;
    for (const [n, m] of model.namedModules()) {
      if (!filter(n, m)) continue;
      const params = m.namedParameters().filter(([pn]) => !pn.includes('.'));
      const w: Watched = { name: n === '' ? m.constructor.name : n, module: m, params, kind: kindOf(m), before: new Map() };
      for (const [, p] of params) w.before.set(p, Float64Array.from(p.data as ArrayLike<number>));
      this.#handles.push(
        m.registerForwardHook((_m, _in, out) => {
          if (out instanceof Tensor) w.activation = activationStats(out, w.kind, { saturation: this.options.saturation });
        }),
        m.registerFullBackwardHook((_m, g) => {
          w.gradOutputNorm = l2Norm(g);
        }),
      );
      this.#watched.push(w);
    }
    if (this.#watched.length === 0) throw new ValueError(`GradientFlowRecorder.attach: no module of ${model.constructor.name} matches the filter`);
    return this;
  }

  /** Removes every hook; the recorded steps stay. */
  detach(): void {
    for (const h of this.#handles) h.remove();
    this.#handles = [];
    this.#watched = [];
  }

  /** Names of the watched layers, in model order. */
  get layers(): string[] {
    return this.#watched.map((w) => w.name);
  }

  /** The recorded steps (oldest first). */
  get steps(): readonly StepRecord[] {
    return this.#steps;
  }

  /**
   * Records one step from the current gradients, parameters and the last forward/backward, and
   * makes the current parameters the reference of the next update ratio. Returns the new record.
   */
  step(): StepRecord {
    if (!this.attached) throw new ValueError('GradientFlowRecorder.step: not attached to a model (call attach(model) first)');
    const layers = this.#watched.map((w) => this.#layerStats(w));
    const rec = { step: this.#count++, layers };
    this.#steps.push(rec);
    if (this.options.maxSteps !== undefined && this.#steps.length > this.options.maxSteps) this.#steps.shift();
    return rec;
  }

  #layerStats(w: Watched): LayerStats {
    const out: LayerStats = { layer: w.name, type: w.module.constructor.name };
    if (w.params.length > 0) {
      const params: Record<string, ParamStats> = {};
      const grads: Tensor[] = [];
      let du = 0;
      let w0 = 0;
      for (const [pn, p] of w.params) {
        const before = w.before.get(p)!;
        const now = Float64Array.from(p.data as ArrayLike<number>);
        for (let i = 0; i < now.length; i++) {
          du += (now[i]! - before[i]!) ** 2;
          w0 += before[i]! ** 2;
        }
        params[pn] = { gradNorm: p.grad ? l2Norm(p.grad) : NaN, weightNorm: l2Norm(now), updateRatio: updateRatio(before, now) };
        if (p.grad) grads.push(p.grad);
        w.before.set(p, now);
      }
      out.params = params;
      out.gradNorm = grads.length > 0 ? l2Norm(...grads) : NaN;
      out.weightNorm = Math.sqrt(Object.values(params).reduce((s, q) => s + q.weightNorm ** 2, 0));
      out.updateRatio = w0 === 0 ? (du === 0 ? 0 : Infinity) : Math.sqrt(du / w0);
    }
    if (w.gradOutputNorm !== undefined) out.gradOutputNorm = w.gradOutputNorm;
    if (w.activation) out.activation = w.activation;
    return out;
  }

  /** The layer's stats at every recorded step (undefined where the layer was not watched). */
  history(layer: string): (LayerStats | undefined)[] {
    if (!this.#steps.some((s) => s.layers.some((l) => l.layer === layer)) && !this.layers.includes(layer)) {
      throw new ValueError(`GradientFlowRecorder: no layer named '${layer}' (layers: ${this.layers.join(', ')})`);
    }
    return this.#steps.map((s) => s.layers.find((l) => l.layer === layer));
  }

  /** One number per step for `layer`: a LayerStats field or an activation field (NaN where absent). */
  series(layer: string, metric: 'gradNorm' | 'weightNorm' | 'updateRatio' | 'gradOutputNorm' | keyof Omit<ActivationStats, 'kind'>): number[] {
    return this.history(layer).map((l) => {
      if (!l) return NaN;
      const v = metric in l ? l[metric as keyof LayerStats] : l.activation?.[metric as keyof ActivationStats];
      return typeof v === 'number' ? v : NaN;
    });
  }

  /** The last recorded step's layers (throws before the first `step()`). */
  latest(): LayerStats[] {
    const s = this.#steps.at(-1);
    if (!s) throw new ValueError('GradientFlowRecorder.latest: nothing recorded yet (call step() after backward)');
    return s.layers;
  }

  /** Forgets the recorded steps (the hooks stay). */
  clear(): void {
    this.#steps = [];
    this.#count = 0;
  }

  /**
   * A `train.Trainer` callback that records one step after every optimizer step (every `every`-th
   * step with `{ every }`): `trainer.fit(data, { callbacks: [rec.callback()] })` on an attached recorder.
   */
  callback({ every = 1 }: { every?: number } = {}): { onStepEnd: () => void } {
    if (!(Number.isInteger(every) && every > 0)) throw new ValueError(`GradientFlowRecorder.callback: every must be a positive integer, got ${every}`);
    let n = 0;
    return {
      onStepEnd: () => {
        if (n++ % every === 0) this.step();
      },
    };
  }

  /** Plain data for JSON (per-step, per-layer records). */
  toJSON(): GradientFlowJSON {
    return { layers: this.layers.length > 0 ? this.layers : [...new Set(this.#steps.flatMap((s) => s.layers.map((l) => l.layer)))], steps: this.#steps };
  }
}
