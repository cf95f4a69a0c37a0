// Module: the base class of every layer and model (like torch.nn.Module). Children, parameters and
// buffers are found by walking the module's own fields in insertion order, so nothing needs registering
// except buffers (non-trainable state), which `registerBuffer` marks.

import { ValueError, fmtShape } from '../errors.js';
import { withScope } from '../autograd/engine.js';
import { noGrad } from '../autograd/grad-mode.js';
import type { DType } from '../tensor/dtype.js';
import { isFloat } from '../tensor/dtype.js';
import { sameShape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { cast } from '../ops/elementwise.js';
import { Parameter } from './parameter.js';
import { StateDictError, type StateDictProblems } from './state-dict-error.js';
import { formatSummary, summarize, type SummaryOptions } from './summary.js';

/** Any module, whatever its forward signature (for walks and containers). */
export type AnyModule = Module<unknown[], unknown>;

// NOTE: the hook types use the method-signature ("bivariance") form so that every Module<I, O> stays
// assignable to AnyModule; plain function types would make Module invariant in I and O.
/** Runs before `forward`; may return replacement inputs. */
export type ForwardPreHook<I extends unknown[], O> = { hook(module: Module<I, O>, inputs: I): I | void }['hook'];
/** Runs after `forward`; may return a replacement output. */
export type ForwardHook<I extends unknown[], O> = { hook(module: Module<I, O>, inputs: I, output: O): O | void }['hook'];
/** Runs during backward with the gradient of the module's (tensor) output. */
export type BackwardHook<I extends unknown[], O> = { hook(module: Module<I, O>, gradOutput: Tensor): void }['hook'];

/** Returned by the `register*Hook` methods. */
export interface HookHandle {
  remove(): void;
}

/** Options of `loadStateDict`. */
export interface LoadStateDictOptions {
  /** Missing and unexpected keys are errors (default true). Shape mismatches always are. */
  strict?: boolean;
}

/** Options of `stateDict`. */
export interface StateDictOptions {
  /** Copy the values (default false: detached tensors sharing storage with the module, as PyTorch). */
  copy?: boolean;
}

type RawPreHook = (module: never, inputs: never) => unknown;
type RawHook = (module: never, inputs: never, output: never) => unknown;
type RawBackwardHook = (module: never, gradOutput: Tensor) => void;

type Slot =
  | { kind: 'param'; name: string; value: Parameter; set: (t: Tensor) => void }
  | { kind: 'buffer'; name: string; value: Tensor | null; persistent: boolean; set: (t: Tensor | null) => void }
  | { kind: 'module'; name: string; value: AnyModule };

/**
 * Base class of layers and models, like `torch.nn.Module`. Subclasses set their parameters
 * (`Parameter` fields), sub-modules (`Module` fields or arrays of modules, named `name.0`, ...) and
 * buffers (`registerBuffer`) in the constructor and implement `forward`; callers use `call`, which
 * runs hooks and names the module's scope (dotted path from the root) for anomaly errors.
 */
export abstract class Module<I extends unknown[] = [Tensor], O = Tensor> {
  /** True in training mode (the default); `eval()` clears it recursively. Dropout and BatchNorm read it. */
  training = true;
  #buffers = new Map<string, { persistent: boolean }>();
  // NOTE: hooks are stored without the type parameters so that every Module<I, O> stays assignable
  // to AnyModule (function-typed fields would make the class invariant in I and O).
  #preHooks: RawPreHook[] = [];
  #hooks: RawHook[] = [];
  #backwardHooks: RawBackwardHook[] = [];
  #path: string | undefined;

  /** The computation; subclasses implement it. Call the module with `call` so hooks and scopes run. */
  abstract forward(...inputs: I): O;

  /** Runs the forward pre-hooks, `forward` (inside a scope named after the module) and the hooks. */
  call(...inputs: I): O {
    for (const s of this.#ownSlots()) {
      if (s.kind === 'module') s.value.#path = this.#path === undefined ? s.name : `${this.#path}.${s.name}`;
    }
    let args = inputs;
    for (const h of this.#preHooks) args = ((h as ForwardPreHook<I, O>)(this, args) ?? args) as I;
    let out = withScope(this.scopeName, () => this.forward(...args));
    for (const h of this.#hooks) out = ((h as ForwardHook<I, O>)(this, args, out) ?? out) as O;
    if (this.#backwardHooks.length > 0 && out instanceof Tensor && out.requiresGrad) {
      const hooks = [...this.#backwardHooks] as BackwardHook<I, O>[];
      out.registerHook((g) => {
        for (const h of hooks) h(this, g);
      });
    }
    return out;
  }

  /** The module's dotted path from the root once a parent has called it (else its class name). */
  get scopeName(): string {
    return this.#path ?? this.constructor.name;
  }

  /** Registers `hook(module, inputs)` to run before `forward`; it may return replacement inputs. */
  registerForwardPreHook(hook: ForwardPreHook<I, O>): HookHandle {
    const raw = hook as RawPreHook;
    this.#preHooks.push(raw);
    return { remove: () => void (this.#preHooks = this.#preHooks.filter((h) => h !== raw)) };
  }

  /** Registers `hook(module, inputs, output)` to run after `forward`; it may return a replacement output. */
  registerForwardHook(hook: ForwardHook<I, O>): HookHandle {
    const raw = hook as RawHook;
    this.#hooks.push(raw);
    return { remove: () => void (this.#hooks = this.#hooks.filter((h) => h !== raw)) };
  }

  /**
   * Registers `hook(module, gradOutput)` to run when the gradient of the module's output is computed
   * in backward (via `Tensor.registerHook` on each output; enough for gradient-flow diagnostics).
   * Unlike PyTorch's full backward hook it does not receive the gradient of the inputs.
   */
  registerFullBackwardHook(hook: BackwardHook<I, O>): HookHandle {
    const raw = hook as RawBackwardHook;
    this.#backwardHooks.push(raw);
    return { remove: () => void (this.#backwardHooks = this.#backwardHooks.filter((h) => h !== raw)) };
  }

  /**
   * Marks field `name` as a buffer: state that is saved in `stateDict` but not trained (like
   * batch norm's running mean). Read and assign it as a normal field (declare it in the subclass with
   * `declare runningMean: Tensor | null`). `persistent: false` keeps it out of `stateDict`.
   */
  registerBuffer(name: string, value: Tensor | null, { persistent = true }: { persistent?: boolean } = {}): void {
    const self = this as unknown as Record<string, unknown>;
    if (name in self && !this.#buffers.has(name)) {
      throw new ValueError(`registerBuffer: '${name}' is already a field of ${this.constructor.name}`);
    }
    if (value !== null && !(value instanceof Tensor)) throw new ValueError(`registerBuffer: '${name}' must be a Tensor or null`);
    if (value instanceof Parameter) throw new ValueError(`registerBuffer: '${name}' is a Parameter; buffers are not trained`);
    self[name] = value;
    this.#buffers.set(name, { persistent });
  }

  /** This module's own parameters, buffers and children, in field order. */
  #ownSlots(): Slot[] {
    const self = this as unknown as Record<string, unknown>;
    const out: Slot[] = [];
    for (const key of Object.keys(self)) {
      const v = self[key];
      const buf = this.#buffers.get(key);
      if (buf) {
        out.push({ kind: 'buffer', name: key, value: v as Tensor | null, persistent: buf.persistent, set: (t) => void (self[key] = t) });
      } else if (v instanceof Parameter) {
        out.push({ kind: 'param', name: key, value: v, set: (t) => void (self[key] = t) });
      } else if (v instanceof Module) {
        out.push({ kind: 'module', name: key, value: v as AnyModule });
      } else if (Array.isArray(v)) {
        const arr = v as unknown[];
        arr.forEach((e, i) => {
          if (e instanceof Parameter) out.push({ kind: 'param', name: `${key}.${i}`, value: e, set: (t) => void (arr[i] = t) });
          else if (e instanceof Module) out.push({ kind: 'module', name: `${key}.${i}`, value: e as AnyModule });
        });
      }
    }
    return out;
  }

  /** Every slot of the tree with dotted names, modules not deduplicated (as PyTorch's state dict). */
  #treeSlots(prefix = '', seen = new Set<AnyModule>()): Slot[] {
    const self = this as unknown as AnyModule;
    if (seen.has(self)) throw new ValueError(`${this.constructor.name}: the module tree contains a cycle at '${prefix}'`);
    seen.add(self);
    const out: Slot[] = [];
    for (const s of this.#ownSlots()) {
      const name = prefix + s.name;
      if (s.kind === 'module') out.push(...s.value.#treeSlots(`${name}.`, seen));
      else out.push({ ...s, name });
    }
    seen.delete(self);
    return out;
  }

  /** Direct sub-modules with their field names (`fc1`, `layers.0`, ...). */
  namedChildren(): [string, AnyModule][] {
    const out: [string, AnyModule][] = [];
    const seen = new Set<AnyModule>();
    for (const s of this.#ownSlots()) {
      if (s.kind === 'module' && !seen.has(s.value)) {
        seen.add(s.value);
        out.push([s.name, s.value]);
      }
    }
    return out;
  }

  /** Direct sub-modules. */
  children(): AnyModule[] {
    return this.namedChildren().map(([, m]) => m);
  }

  /** This module and all below it, depth first, with dotted names ('' for this one); each module once. */
  namedModules(prefix = ''): [string, AnyModule][] {
    const out: [string, AnyModule][] = [];
    const seen = new Set<AnyModule>();
    const visit = (m: AnyModule, name: string): void => {
      if (seen.has(m)) return;
      seen.add(m);
      out.push([name, m]);
      for (const [n, c] of m.namedChildren()) visit(c, name === '' ? n : `${name}.${n}`);
    };
    visit(this as unknown as AnyModule, prefix);
    return out;
  }

  /** This module and all below it. */
  modules(): AnyModule[] {
    return this.namedModules().map(([, m]) => m);
  }

  /** Parameters with dotted names (`layers.0.weight`); a parameter shared by several layers appears once. */
  namedParameters(): [string, Parameter][] {
    const out: [string, Parameter][] = [];
    const seen = new Set<Tensor>();
    for (const [prefix, m] of this.namedModules()) {
      for (const s of m.#ownSlots()) {
        if (s.kind === 'param' && !seen.has(s.value)) {
          seen.add(s.value);
          out.push([prefix === '' ? s.name : `${prefix}.${s.name}`, s.value]);
        }
      }
    }
    return out;
  }

  /** Every parameter once, in field order (what an optimizer takes). */
  parameters(): Parameter[] {
    return this.namedParameters().map(([, p]) => p);
  }

  /** Buffers (non-trainable state, e.g. running statistics) with dotted names; null buffers are skipped. */
  namedBuffers(): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    const seen = new Set<Tensor>();
    for (const [prefix, m] of this.namedModules()) {
      for (const s of m.#ownSlots()) {
        if (s.kind === 'buffer' && s.value && !seen.has(s.value)) {
          seen.add(s.value);
          out.push([prefix === '' ? s.name : `${prefix}.${s.name}`, s.value]);
        }
      }
    }
    return out;
  }

  /** Every buffer once. */
  buffers(): Tensor[] {
    return this.namedBuffers().map(([, b]) => b);
  }

  /** Number of parameter elements (shared parameters counted once); `trainableOnly` skips frozen ones. */
  numParameters({ trainableOnly = false }: { trainableOnly?: boolean } = {}): number {
    return this.parameters().reduce((n, p) => n + (trainableOnly && !p.requiresGrad ? 0 : p.size), 0);
  }

  /** Sets training mode on this module and all below it (`mode = false` is `eval()`). Returns this. */
  train(mode = true): this {
    for (const m of this.modules()) m.training = mode;
    return this;
  }

  /** Evaluation mode: dropout off, batch norm uses its running statistics. Returns this. */
  eval(): this {
    return this.train(false);
  }

  /** Clears the gradients of all parameters (`setToNone`, the default, drops them; else fills zeros). */
  zeroGrad({ setToNone = true }: { setToNone?: boolean } = {}): void {
    for (const p of this.parameters()) {
      if (!p.grad) continue;
      if (setToNone) p.grad = null;
      else p.grad.data.fill(0);
    }
  }

  /** Calls `fn` on every module (children first, then this one, as PyTorch's `apply`). Returns this. */
  apply(fn: (m: AnyModule) => void): this {
    for (const c of this.children()) c.apply(fn);
    fn(this as unknown as AnyModule);
    return this;
  }

  /**
   * Converts every float parameter and buffer to `dtype` (new tensors replace the old ones, so create
   * the optimizer afterwards). Shared parameters stay shared. Returns this.
   */
  to(dtype: DType): this {
    if (!isFloat(dtype)) throw new ValueError(`Module.to: parameters must stay floating point, got ${dtype}`);
    const done = new Map<Tensor, Tensor>();
    const convert = (t: Tensor, asParam: boolean): Tensor => {
      let r = done.get(t);
      if (!r) {
        const c = noGrad(() => cast(t, dtype));
        r = asParam ? new Parameter(c === t ? c.detach() : c, { requiresGrad: t.requiresGrad }) : c.detach();
        done.set(t, r);
      }
      return r;
    };
    for (const m of this.modules()) {
      for (const s of m.#ownSlots()) {
        if (s.kind === 'param' && s.value.dtype !== dtype) s.set(convert(s.value, true));
        if (s.kind === 'buffer' && s.value && isFloat(s.value.dtype) && s.value.dtype !== dtype) s.set(convert(s.value, false));
      }
    }
    return this;
  }
  /** `to('float64')`. */
  double(): this { return this.to('float64'); }
  /** `to('float32')`. */
  float(): this { return this.to('float32'); }

  /**
   * Parameters and persistent buffers by dotted name (a shared parameter appears under each name,
   * as in PyTorch). Values are detached and share storage with the module unless `copy` is set.
   */
  stateDict({ copy = false }: StateDictOptions = {}): Record<string, Tensor> {
    const sd: Record<string, Tensor> = {};
    for (const s of this.#treeSlots()) {
      if (s.kind === 'module' || !s.value || (s.kind === 'buffer' && !s.persistent)) continue;
      sd[s.name] = copy ? noGrad(() => s.value!.clone()).detach() : s.value.detach();
    }
    return sd;
  }

  /**
   * Copies values from `sd` into the parameters and buffers in place (casting dtypes). Every missing,
   * unexpected and mis-shaped key is collected and reported in one `StateDictError` (missing and
   * unexpected keys only when `strict`); nothing is loaded when it throws. Returns the key lists.
   */
  loadStateDict(sd: Record<string, unknown>, { strict = true }: LoadStateDictOptions = {}): { missingKeys: string[]; unexpectedKeys: string[] } {
    const targets = new Map<string, Tensor>();
    for (const s of this.#treeSlots()) {
      if (s.kind === 'module' || !s.value || (s.kind === 'buffer' && !s.persistent)) continue;
      targets.set(s.name, s.value);
    }
    const problems: StateDictProblems = { missing: [], unexpected: [], mismatched: [] };
    for (const [name, t] of targets) if (!(name in sd)) problems.missing.push({ key: name, shape: t.shape });
    for (const [name, v] of Object.entries(sd)) {
      const t = targets.get(name);
      if (!t) {
        problems.unexpected.push({ key: name, shape: v instanceof Tensor ? v.shape : undefined });
      } else if (!(v instanceof Tensor)) {
        problems.mismatched.push({ key: name, expected: t.shape, detail: `the state dict's value is not a Tensor (got ${v === null ? 'null' : typeof v})` });
      } else if (!sameShape(v.shape, t.shape)) {
        problems.mismatched.push({ key: name, expected: t.shape, detail: `size mismatch: the state dict has shape ${fmtShape(v.shape)}, the model has ${fmtShape(t.shape)}` });
      }
    }
    const fatal = problems.mismatched.length > 0 || (strict && (problems.missing.length > 0 || problems.unexpected.length > 0));
    if (fatal) throw new StateDictError(this.constructor.name, problems, strict);
    noGrad(() => {
      for (const [name, t] of targets) {
        const v = sd[name];
        if (v instanceof Tensor) t.data.set(cast(v, t.dtype).data);
      }
    });
    return { missingKeys: problems.missing.map((m) => m.key), unexpectedKeys: problems.unexpected.map((u) => u.key) };
  }

  /**
   * Temporarily replaces parameters and buffers by dotted name (as `torch.func.functional_call`),
   * runs `fn`, and restores them; unknown names are an error.
   */
  withTensors<T>(tensors: Record<string, Tensor>, fn: () => T): T {
    const slots = new Map<string, Slot>();
    for (const s of this.#treeSlots()) if (s.kind !== 'module') slots.set(s.name, s);
    const unknown = Object.keys(tensors).filter((k) => !slots.has(k));
    if (unknown.length > 0) {
      throw new ValueError(`withTensors: ${this.constructor.name} has no parameter or buffer named ${unknown.map((k) => `'${k}'`).join(', ')}`);
    }
    const restore: (() => void)[] = [];
    try {
      for (const [k, t] of Object.entries(tensors)) {
        const s = slots.get(k) as Exclude<Slot, { kind: 'module' }>;
        const old = s.value;
        s.set(t);
        restore.push(() => (s.set as (v: Tensor | null) => void)(old));
      }
      return fn();
    } finally {
      for (const r of restore.reverse()) r();
    }
  }

  /** Extra text inside the parentheses of `toString()` (e.g. `inFeatures=2, outFeatures=3`). */
  extraRepr(): string {
    return '';
  }

  /** PyTorch-style tree: `Sequential(\n  (0): Linear(inFeatures=2, outFeatures=3, bias=true)\n ...)`. */
  toString(): string {
    const children = this.namedChildren();
    const extra = this.extraRepr();
    if (children.length === 0) return `${this.constructor.name}(${extra})`;
    const lines = extra ? [`  ${extra}`] : [];
    for (const [n, c] of children) lines.push(`  (${n}): ${c.toString().split('\n').join('\n  ')}`);
    return `${this.constructor.name}(\n${lines.join('\n')}\n)`;
  }

  /**
   * A printable table of every sub-module with its output shape (found by a forward pass on zeros of
   * `inputShape`, batch axis included, in eval mode and without gradients, so running statistics are
   * untouched), its own parameter count, and the totals.
   */
  summary(opts: SummaryOptions): string {
    return formatSummary(summarize(this as unknown as AnyModule, opts));
  }
}
