// The tape: `run` executes a primitive and records a node when gradients are needed; `computeGrads`
// walks the recorded graph backwards (iterative topological sort, like micrograd but without recursion).

import { AutogradError, NeuriteError, fmtShape } from '../errors.js';
import { getBackend } from '../backend/registry.js';
import { isFloat, type TypedArray } from '../tensor/dtype.js';
import { recycle } from '../tensor/buffer-pool.js';
import { sameShape } from '../tensor/shape.js';
import { Tensor, type GradNode } from '../tensor/tensor.js';
import { FORWARD } from './forward.js';
import { GRAD_RULES } from './grad-rules.js';
import { enableGrad, isAnomalyEnabled, isGradEnabled, noGrad } from './grad-mode.js';
import type { Primitive, PrimitiveAttrs } from './primitives.js';
import { sumToShape } from './sum-to-shape.js';

let nextId = 0;
const scopes: string[] = [];

/** Error raised in anomaly mode at the first primitive whose output holds NaN or Inf. */
export class AnomalyError extends NeuriteError {
  constructor(
    message: string,
    /** The primitive that produced the non-finite value. */
    readonly op: string,
    /** The module (or other named scope) it ran in, if any. */
    readonly scope: string | undefined,
    /** 'forward' when the op's output was non-finite, 'backward' when the gradient its rule produced was. */
    readonly phase: 'forward' | 'backward' = 'forward',
  ) {
    super(message);
  }
}

// The node whose gradient rule is running (anomaly errors in backward name its op and module).
let backwardNode: GradNode | undefined;

/** Runs `fn` inside a named scope (modules use their dotted name); anomaly errors report it. */
export function withScope<T>(name: string, fn: () => T): T {
  scopes.push(name);
  try {
    return fn();
  } finally {
    scopes.pop();
  }
}

/** Executes primitive `p` and, when any input needs a gradient, records it on the tape. */
export function run<P extends Primitive>(p: P, inputs: Tensor[], attrs: PrimitiveAttrs[P]): Tensor {
  const raw = FORWARD[p](inputs, attrs, getBackend());
  const out = new Tensor(raw.data, raw.shape, raw.dtype);
  if (isAnomalyEnabled()) checkFinite(p, inputs, out);
  if (isGradEnabled() && isFloat(out.dtype) && inputs.some((t) => t.requiresGrad)) {
    const node: GradNode = { primitive: p, attrs, inputs, output: out, released: false, id: nextId++, scope: scopes.at(-1) };
    out.gradFn = node;
  }
  return out;
}

function checkFinite(p: string, inputs: Tensor[], out: Tensor): void {
  if (!isFloat(out.dtype)) return;
  if (backwardNode) return checkGradFinite(backwardNode, p, inputs, out);
  const d = out.data;
  for (let i = 0; i < d.length; i++) {
    const v = d[i]!;
    if (v - v !== 0) {
      const inputsFinite = inputs.every((t) => !isFloat(t.dtype) || t.data.every((x) => x - x === 0));
      if (!inputsFinite) return; // reported where it first appeared
      const scope = scopes.at(-1);
      const where = scope ? ` in module '${scope}'` : '';
      throw new AnomalyError(
        `anomaly: op '${p}'${where} produced ${v} at flat index ${i} of an output of shape ${fmtShape(out.shape)} ` +
          `from finite inputs of shapes ${inputs.map((t) => fmtShape(t.shape)).join(', ')}`,
        p,
        scope,
      );
    }
  }
}

// NOTE: in backward the scope stack is empty (modules have returned), so the op and module named are
// those recorded on the node whose gradient rule produced the first NaN/Inf from finite values.
function checkGradFinite(node: GradNode, p: string, inputs: Tensor[], out: Tensor): void {
  const d = out.data;
  for (let i = 0; i < d.length; i++) {
    const v = d[i]!;
    if (v - v === 0) continue;
    if (!inputs.every((t) => !isFloat(t.dtype) || t.data.every((x) => x - x === 0))) return;
    const where = node.scope ? ` in module '${node.scope}'` : '';
    throw new AnomalyError(
      `anomaly: the gradient of op '${node.primitive}'${where} became ${v} in backward (its rule's '${p}' ` +
        `produced it at flat index ${i} of shape ${fmtShape(out.shape)} from finite values)`,
      node.primitive,
      node.scope,
      'backward',
    );
  }
}

/** Options of `backward` and `autogradGrad`. */
export interface BackwardOptions {
  /** Keep the graph so backward can run through it again (default: `createGraph`, as in PyTorch). */
  retainGraph?: boolean;
  /** Record the backward pass itself, for higher-order gradients (default false). */
  createGraph?: boolean;
}

/** Topological order of the nodes reachable from `root` (inputs before outputs). */
function topoOrder(root: GradNode): GradNode[] {
  const order: GradNode[] = [];
  const seen = new Set<GradNode>([root]);
  const stack: [GradNode, number][] = [[root, 0]];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const [node, i] = top;
    if (i < node.inputs.length) {
      top[1]++;
      const child = node.inputs[i]!.gradFn;
      if (child && !seen.has(child)) {
        seen.add(child);
        stack.push([child, 0]);
      }
    } else {
      stack.pop();
      order.push(node);
    }
  }
  return order;
}

/**
 * Back-propagates `seed` (d out / d out) from `output`. Leaf gradients go to `onLeaf`; non-leaf
 * tensors that retain their gradient get it too. Returns nothing; the callers decide where grads go.
 */
export function propagate(
  output: Tensor,
  seed: Tensor,
  onLeaf: (leaf: Tensor, g: Tensor) => void,
  opts: BackwardOptions = {},
): void {
  const rootNode = output.gradFn;
  if (!rootNode) {
    if (output.requiresGrad) onLeaf(output, seed);
    return;
  }
  const body = (): void => {
    const grads = new Map<Tensor, Tensor>([[output, seed]]);
    const store = new GradStore(seed, !opts.createGraph);
    const order = topoOrder(rootNode);
    for (let n = order.length - 1; n >= 0; n--) {
      const node = order[n]!;
      const g0 = grads.get(node.output);
      const g = g0 ? node.output.applyHooks(g0) : g0;
      // NOTE: a hook may keep the gradient it was given (and what it returns).
      if (g0 && node.output.hasHooks) store.escape(g0, g!);
      if (node.released) {
        throw new AutogradError(
          `backward: trying to go through the graph a second time (op '${node.primitive}'); ` +
            'pass { retainGraph: true } to the first backward call',
        );
      }
      grads.delete(node.output);
      if (g0) store.drop(g0);
      if (node.output.retainsGrad && g) {
        store.escape(g);
        onLeaf(node.output, g);
      }
      if (!g) continue;
      const rule = GRAD_RULES[node.primitive] as (g: Tensor, ctx: RuleCtx) => (Tensor | null)[];
      const prevNode = backwardNode;
      if (isAnomalyEnabled()) backwardNode = node;
      const needsGrad = node.inputs.map((t) => t.requiresGrad);
      let inputGrads: (Tensor | null)[];
      try {
        inputGrads = rule(g, { inputs: node.inputs, output: node.output, attrs: node.attrs as never, needsGrad });
      } finally {
        backwardNode = prevNode;
      }
      // NOTE: storage is recycled only after every input got its gradient: until then a later input's
      // gradient may still be a view of a buffer that an earlier accumulation replaced.
      const replaced: Tensor[] = [g];
      node.inputs.forEach((inp, i) => {
        let gi = inputGrads[i];
        if (!gi || !inp.requiresGrad) return;
        gi = sumToShape(gi, inp.shape);
        if (gi.dtype !== inp.dtype) gi = gi.to(inp.dtype);
        if (inp.gradFn) {
          const prev = grads.get(inp);
          const next = prev ? prev.add(gi) : gi;
          store.hold(next);
          grads.set(inp, next);
          if (prev) {
            store.drop(prev);
            replaced.push(prev);
          }
        } else {
          const kept = inp.applyHooks(gi);
          store.escape(gi, kept);
          onLeaf(inp, kept);
        }
      });
      for (const t of replaced) store.release(t);
      // NOTE: as in PyTorch, retainGraph defaults to createGraph (a recorded backward pass is
      // differentiated through these same nodes later).
      if (!(opts.retainGraph ?? opts.createGraph ?? false)) {
        node.released = true;
        node.inputs = [];
      }
    }
  };
  if (opts.createGraph) enableGrad(body);
  else noGrad(body);
}

/**
 * Which gradient buffers of one backward pass are dead, so their storage can be reused
 * (`recycle`, buffer-pool.ts): a gradient is released once its node has run, unless its storage is
 * still waiting in the pending map (a rule may pass g through, or a reshape of it sharing storage, to
 * several inputs) or has left the engine: the seed, leaf and retained gradients, and whatever hooks
 * saw. Storage identity covers views. Off when the backward pass is itself recorded (`createGraph`).
 */
class GradStore {
  private readonly pending = new Map<TypedArray, number>();
  private readonly escaped = new Set<TypedArray>();
  constructor(seed: Tensor, private readonly reuse: boolean) {
    this.escaped.add(seed.data);
    this.hold(seed);
  }
  hold(t: Tensor): void {
    this.pending.set(t.data, (this.pending.get(t.data) ?? 0) + 1);
  }
  drop(t: Tensor): void {
    const c = (this.pending.get(t.data) ?? 1) - 1;
    if (c > 0) this.pending.set(t.data, c);
    else this.pending.delete(t.data);
  }
  escape(...ts: Tensor[]): void {
    for (const t of ts) this.escaped.add(t.data);
  }
  /**
   * Recycles the storage of `t`, a gradient the engine no longer reads (its node ran, or an
   * accumulation replaced it), unless a pending gradient shares it or it has left the engine.
   */
  release(t: Tensor): void {
    if (this.reuse && !this.pending.has(t.data) && !this.escaped.has(t.data)) recycle(t.data);
  }
}

/** Context a gradient rule receives. */
export interface RuleCtx {
  inputs: Tensor[];
  output: Tensor;
  attrs: never;
  /** Which inputs need a gradient; a rule may return null for the others and skip their work. */
  needsGrad: readonly boolean[];
}

/** Validates or creates the seed gradient for `backward(output, grad)`. */
export function seedFor(op: string, output: Tensor, grad?: Tensor): Tensor {
  if (!output.requiresGrad) {
    throw new AutogradError(`${op}: the tensor does not require grad and has no grad_fn (nothing to differentiate)`);
  }
  if (grad === undefined) {
    if (output.size !== 1) {
      throw new AutogradError(
        `${op}: a gradient can be created implicitly only for outputs with one element; ` +
          `this output has shape ${fmtShape(output.shape)}, so pass a gradient of that shape`,
      );
    }
    return Tensor.fromRaw(output.dtype, output.shape, [1]);
  }
  if (!sameShape(grad.shape, output.shape)) {
    throw new AutogradError(
      `${op}: gradient of shape ${fmtShape(grad.shape)} does not match the output's shape ${fmtShape(output.shape)}`,
    );
  }
  return grad.dtype === output.dtype ? grad : grad.to(output.dtype);
}
