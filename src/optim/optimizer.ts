// The Optimizer base class, with torch.optim's semantics: parameter groups with their own
// hyperparameters, per-parameter state created lazily on the first step, and a state dict in
// PyTorch's layout (state keyed by parameter index across groups) that loads back exactly.

import { enableGrad } from '../autograd/grad-mode.js';
import { DTypeError, ShapeError, ValueError, fmtShape } from '../errors.js';
import type { TypedArray } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';
import type { FloatArray } from './float-array.js';
import { copyAs } from './float-array.js';
import { placeInBackend } from './backend-placement.js';

/** A hyperparameter value: what a parameter group may hold besides its params (JSON-able). */
export type HyperValue = number | boolean | string | readonly number[];

/** A parameter group as the optimizer keeps it: its tensors plus every hyperparameter filled in. */
export type ParamGroup<H> = H & {
  params: Tensor[];
  /** The learning rate when the first scheduler attached (PyTorch's `initial_lr`). */
  initialLr?: number;
};

/** A parameter group as the user passes it: hyperparameters left out take the constructor's values. */
export type ParamGroupInput<H> = Partial<H> & { params: Iterable<Tensor> };

/** What an optimizer accepts: the tensors to train, or a list of parameter groups. */
export type ParamsInput<H> = Iterable<Tensor> | readonly ParamGroupInput<H>[];

/** A saved parameter group: hyperparameters and the indices of its parameters. */
export type SavedParamGroup = { params: number[] } & { [key: string]: HyperValue };

/**
 * An optimizer's state in PyTorch's layout. `state` maps a parameter's index (counted across the
 * groups in order) to its buffers (Tensors shaped like the parameter) and counters (numbers);
 * parameters that have not been stepped yet have no entry.
 */
export interface OptimizerStateDict {
  state: Record<string, Record<string, Tensor | number>>;
  paramGroups: SavedParamGroup[];
}

/** Options of `zeroGrad`. */
export interface ZeroGradOptions {
  /** Drop the gradient (`grad = null`, the default, as in PyTorch) instead of filling it with zeros. */
  setToNone?: boolean;
}

/**
 * Base class of every optimizer (like `torch.optim.Optimizer`). A subclass supplies the
 * hyperparameter check, the initial state of a parameter and the in-place update of one
 * parameter; this class owns groups, lazy state, `step`, `zeroGrad` and the state dict.
 *
 * `H` is the hyperparameter record of one group, `S` the state of one parameter (typed arrays
 * shaped like the parameter, numbers, or null for buffers that an option turns off).
 *
 * Adding parameters places them: on a backend with memory of its own (wasm with shared memory),
 * float32 parameters of at least `MIN_PLACED_ELEMENTS` elements move there, as `model.to(device)`
 * moves them in PyTorch, so kernels use the weights without copying them. Arrays read from a
 * parameter's `data` before that no longer alias it; read `data` again after building the optimizer.
 */
export abstract class Optimizer<H extends { lr: number } = { lr: number }, S extends object = object> {
  /** Name used in messages (`SGD`, `Adam`, ...). */
  readonly name: string;
  /** The constructor's hyperparameters; groups fill what they leave out from here. */
  readonly defaults: Readonly<H>;
  /** The parameter groups, each with its tensors and its hyperparameters (mutable, e.g. `lr`). */
  readonly paramGroups: ParamGroup<H>[] = [];
  /** Per-parameter state, created on the parameter's first step (keyed by the tensor). */
  readonly state = new Map<Tensor, S>();

  protected constructor(name: string, params: ParamsInput<H>, defaults: H) {
    this.name = name;
    this.validateHyper(defaults);
    this.defaults = Object.freeze({ ...defaults });
    const items: unknown[] = [...(params as Iterable<unknown>)];
    if (items.length === 0) throw new ValueError(`${name}: got an empty parameter list`);
    const tensors = items.filter((p) => p instanceof Tensor).length;
    if (tensors === items.length) this.addParamGroup({ params: items as Tensor[] } as unknown as ParamGroupInput<H>);
    else if (tensors === 0) for (const g of items as ParamGroupInput<H>[]) this.addParamGroup(g);
    else throw new ValueError(`${name}: params must be all tensors or all parameter groups, not a mix`);
  }

  /** Throws a ValueError naming the optimizer and the bad value. */
  protected abstract validateHyper(h: H): void;
  /** The state of a parameter before its first update. */
  protected abstract initState(param: FloatArray, group: H): S;
  /** Updates `param` (and `state`) in place from `grad`, with the group's hyperparameters. */
  protected abstract updateParam(param: FloatArray, grad: TypedArray, state: S, group: H): void;

  /**
   * Adds a parameter group (e.g. layers unfrozen during fine-tuning); missing hyperparameters come
   * from `defaults`. Its parameters move into the backend's memory when it has some (see above).
   */
  addParamGroup(group: ParamGroupInput<H>): void {
    if (group === null || typeof group !== 'object' || !('params' in group)) {
      throw new ValueError(`${this.name}: a parameter group must be an object with 'params'`);
    }
    const params = group.params instanceof Tensor ? [group.params] : [...group.params];
    if (params.length === 0) throw new ValueError(`${this.name}: a parameter group has no parameters`);
    const seen = new Set(this.paramGroups.flatMap((g) => g.params));
    params.forEach((p, i) => {
      if (!(p instanceof Tensor)) throw new ValueError(`${this.name}: parameter ${i} of a group is not a Tensor`);
      if (p.dtype !== 'float32' && p.dtype !== 'float64') {
        throw new DTypeError(`${this.name}: can only optimize float32/float64 tensors, parameter ${i} is ${p.dtype}`);
      }
      if (!p.isLeaf) throw new ValueError(`${this.name}: cannot optimize a non-leaf tensor (parameter ${i}); pass a leaf or detach() it`);
      if (seen.has(p)) throw new ValueError(`${this.name}: some parameters appear in more than one parameter group`);
      seen.add(p);
    });
    const { params: _omit, ...hyper } = group;
    const full = { ...this.defaults, ...hyper } as unknown as H;
    this.validateHyper(full);
    for (const p of params) placeInBackend(p);
    this.paramGroups.push({ ...full, params } as ParamGroup<H>);
  }

  /**
   * Performs one update of every parameter that has a gradient (parameters whose `grad` is null
   * are skipped and get no state). With `closure`, re-evaluates the model first (gradients
   * enabled) and returns what it returns, like PyTorch's `step(closure)`.
   */
  step<L>(closure?: () => L): L | undefined {
    const loss = closure === undefined ? undefined : enableGrad(closure);
    for (const group of this.paramGroups) {
      for (const p of group.params) {
        const g = p.grad;
        if (g === null) continue;
        if (g.size !== p.size) {
          throw new ShapeError(`${this.name}.step: gradient of shape ${fmtShape(g.shape)} does not match parameter of shape ${fmtShape(p.shape)}`);
        }
        let s = this.state.get(p);
        if (s === undefined) {
          s = this.initState(p.data as FloatArray, group);
          this.state.set(p, s);
        }
        this.updateParam(p.data as FloatArray, g.data, s, group);
      }
    }
    return loss;
  }

  /** Clears every parameter's gradient: drops it by default, or fills it with zeros with `{ setToNone: false }`. */
  zeroGrad({ setToNone = true }: ZeroGradOptions = {}): void {
    for (const group of this.paramGroups) {
      for (const p of group.params) {
        if (setToNone) p.grad = null;
        else p.grad?.data.fill(0);
      }
    }
  }

  /**
   * The optimizer's state in PyTorch's layout (see `OptimizerStateDict`). Buffers are copied, so
   * the result does not change as training goes on; it holds only Tensors and JSON-able values.
   */
  stateDict(): OptimizerStateDict {
    const state: OptimizerStateDict['state'] = {};
    const paramGroups: SavedParamGroup[] = [];
    let index = 0;
    for (const group of this.paramGroups) {
      const ids: number[] = [];
      for (const p of group.params) {
        const s = this.state.get(p);
        if (s !== undefined) {
          const entry: Record<string, Tensor | number> = {};
          for (const [k, v] of Object.entries(s)) {
            if (typeof v === 'number') entry[k] = v;
            else if (ArrayBuffer.isView(v)) entry[k] = new Tensor(copyAs(p.data as FloatArray, v as FloatArray), p.shape, p.dtype);
          }
          state[String(index)] = entry;
        }
        ids.push(index++);
      }
      const { params: _omit, ...hyper } = group;
      const saved: Record<string, HyperValue> = {};
      for (const [k, v] of Object.entries(hyper)) saved[k] = Array.isArray(v) ? [...(v as number[])] : (v as HyperValue);
      paramGroups.push({ ...saved, params: ids });
    }
    return { state, paramGroups };
  }

  /**
   * Restores a state from `stateDict()` (this optimizer must have the same groups with the same
   * number of parameters, in order). Hyperparameters are taken from the dict (ones it lacks keep
   * their current value); buffers are copied into the parameters' dtypes. Every problem found is
   * reported in one ValueError, and nothing changes unless the whole dict is valid.
   */
  loadStateDict(sd: OptimizerStateDict): void {
    const where = `${this.name}.loadStateDict`;
    if (sd === null || typeof sd !== 'object' || !Array.isArray(sd.paramGroups) || sd.state === null || typeof sd.state !== 'object') {
      throw new ValueError(`${where}: expected { state, paramGroups }`);
    }
    if (sd.paramGroups.length !== this.paramGroups.length) {
      throw new ValueError(`${where}: the dict has ${sd.paramGroups.length} parameter groups, this optimizer has ${this.paramGroups.length}`);
    }
    const problems: string[] = [];
    const byIndex: Tensor[] = [];
    const newHyper: H[] = [];
    sd.paramGroups.forEach((saved, gi) => {
      const group = this.paramGroups[gi]!;
      if (!Array.isArray(saved.params) || saved.params.length !== group.params.length) {
        problems.push(`group ${gi} has ${Array.isArray(saved.params) ? saved.params.length : 'no'} params in the dict, ${group.params.length} here`);
      } else {
        saved.params.forEach((id, k) => (byIndex[id] = group.params[k]!));
      }
      const { params: _omit, ...hyper } = group;
      const merged: Record<string, unknown> = { ...hyper };
      for (const [k, v] of Object.entries(saved)) {
        if (k === 'params') continue;
        if (k in this.defaults || k === 'initialLr') merged[k] = Array.isArray(v) ? [...(v as number[])] : v;
        else problems.push(`group ${gi}: unexpected hyperparameter '${k}'`);
      }
      try {
        this.validateHyper(merged as H);
      } catch (e) {
        problems.push(`group ${gi}: ${(e as Error).message}`);
      }
      newHyper.push(merged as H);
    });
    const newState = new Map<Tensor, S>();
    for (const [key, entry] of Object.entries(sd.state)) {
      const p = byIndex[Number(key)];
      if (p === undefined) {
        problems.push(`state '${key}' refers to no parameter`);
        continue;
      }
      const gi = this.paramGroups.findIndex((g) => g.params.includes(p));
      const s = this.restoreState(p, newHyper[gi]!, entry, key, problems);
      if (s !== undefined) newState.set(p, s);
    }
    if (problems.length > 0) throw new ValueError(`${where}: ${problems.length} problem(s): ${problems.join('; ')}`);
    this.paramGroups.forEach((g, gi) => Object.assign(g, newHyper[gi]));
    this.state.clear();
    for (const [p, s] of newState) this.state.set(p, s);
  }

  /** Builds the state of `p` from a saved entry, using a fresh state as the template of its keys. */
  private restoreState(p: Tensor, hyper: H, entry: Record<string, Tensor | number>, key: string, problems: string[]): S | undefined {
    const data = p.data as FloatArray;
    const template = this.initState(data, hyper) as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    const before = problems.length;
    for (const [k, t] of Object.entries(template)) {
      const v = entry[k];
      if (typeof t === 'number') {
        if (typeof v === 'number') out[k] = v;
        else problems.push(`state '${key}': '${k}' must be a number`);
      } else if (v === undefined) {
        if (t === null) out[k] = null;
        else problems.push(`state '${key}': missing '${k}'`);
      } else if (!(v instanceof Tensor)) {
        problems.push(`state '${key}': '${k}' must be a Tensor`);
      } else if (v.size !== p.size) {
        problems.push(`state '${key}': '${k}' has shape ${fmtShape(v.shape)}, parameter has shape ${fmtShape(p.shape)}`);
      } else {
        out[k] = copyAs(data, v.data);
      }
    }
    for (const k of Object.keys(entry)) if (!(k in template)) problems.push(`state '${key}': unexpected '${k}'`);
    return problems.length === before ? (out as S) : undefined;
  }
}
