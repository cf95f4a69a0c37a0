// Optimizer mechanics: parameter groups, lazy state, skipped parameters, zeroGrad, closures, the
// state dict (layout, exact resumption, errors), hyperparameter validation, and the lecture forms.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor, ValueError, DTypeError, ShapeError } from '../../src/index.js';
import { Tensor } from '../../src/tensor/tensor.js';
import {
  SGD, RMSprop, Adagrad, Adam, AdamW, NAdam, Optimizer, sgdUpdate, lectureMomentumStep, lectureNesterovStep,
} from '../../src/optim/index.js';
import type { OptimizerStateDict } from '../../src/optim/index.js';
import { param, quadratic, setGrad } from './helpers.js';

type AnyOptimizer = Optimizer<{ lr: number }, object>;
type ParamsArg = Tensor[] | { params: Tensor[]; lr?: number }[];
type Factory = (params: ParamsArg) => AnyOptimizer;

const factories: [string, Factory][] = [
  ['SGD', (ps) => new SGD(ps, { lr: 0.05, momentum: 0.9, nesterov: true, weightDecay: 0.01 })],
  ['RMSprop', (ps) => new RMSprop(ps, { lr: 0.01, momentum: 0.5, centered: true })],
  ['Adagrad', (ps) => new Adagrad(ps, { lr: 0.1, lrDecay: 0.01 })],
  ['Adam', (ps) => new Adam(ps, { lr: 0.05, amsgrad: true })],
  ['AdamW', (ps) => new AdamW(ps, { lr: 0.05 })],
  ['NAdam', (ps) => new NAdam(ps, { lr: 0.05 })],
];

/** Three parameters in two groups: a [3] vector following the quadratic, a [2,2] matrix and a [1]. */
function makeParams(dtype: 'float32' | 'float64' = 'float64'): Tensor[] {
  return [param(quadratic.theta0, dtype), new Tensor(Float64Array.from([0.5, -1, 2, 0.25]), [2, 2], 'float64'), param([3], dtype)];
}

/** A deterministic gradient for every parameter: the quadratic's for the first, 2 p - 1 for the rest. */
function setGrads(ps: Tensor[]): void {
  setGrad(ps[0]!, quadratic);
  for (const p of ps.slice(1)) p.grad = tensor(Array.from(p.data, (v) => 2 * v - 1), { dtype: p.dtype, shape: p.shape });
}

function groupsOf(ps: Tensor[]): { params: Tensor[]; lr?: number }[] {
  return [{ params: [ps[0]!, ps[1]!] }, { params: [ps[2]!], lr: 0.01 }];
}

function run(opt: AnyOptimizer, ps: Tensor[], steps: number): void {
  for (let s = 0; s < steps; s++) {
    setGrads(ps);
    opt.step();
  }
}

describe('parameter groups', () => {
  test('each group uses its own lr; the others come from the constructor', () => {
    const ps = makeParams();
    const opt = new SGD([{ params: [ps[0]!] }, { params: [ps[2]!], lr: 0.5 }], { lr: 0.1, momentum: 0.9 });
    assert.equal(opt.paramGroups[0]!.lr, 0.1);
    assert.equal(opt.paramGroups[1]!.lr, 0.5);
    assert.equal(opt.paramGroups[1]!.momentum, 0.9);
    const a = param(quadratic.theta0);
    const b = param([3]);
    const oa = new SGD([a], { lr: 0.1, momentum: 0.9 });
    const ob = new SGD([b], { lr: 0.5, momentum: 0.9 });
    for (let s = 0; s < 5; s++) {
      setGrads([ps[0]!, ps[2]!]);
      setGrads([a, b]);
      opt.step();
      oa.step();
      ob.step();
    }
    assert.deepEqual(Array.from(ps[0]!.data), Array.from(a.data));
    assert.deepEqual(Array.from(ps[2]!.data), Array.from(b.data));
  });

  test('addParamGroup adds a group with defaults filled in, and changing group.lr takes effect at the next step', () => {
    const [p, q] = [param([1, 2]), param([3])];
    const opt = new SGD([p], { lr: 0.1 });
    opt.addParamGroup({ params: [q], lr: 1 });
    assert.equal(opt.paramGroups.length, 2);
    assert.equal(opt.paramGroups[1]!.momentum, 0);
    p.grad = tensor([1, 1], { dtype: 'float64' });
    q.grad = tensor([1], { dtype: 'float64' });
    opt.step();
    assert.deepEqual(Array.from(q.data), [2]);
    opt.paramGroups[0]!.lr = 0.5;
    opt.step();
    assert.deepEqual(Array.from(p.data), [1 - 0.1 - 0.5, 2 - 0.1 - 0.5]);
  });

  test('bad params are rejected with clear errors', () => {
    const p = param([1]);
    assert.throws(() => new SGD([], { lr: 0.1 }), { name: 'ValueError', message: 'SGD: got an empty parameter list' });
    assert.throws(() => new SGD([{ params: [p] }, { params: [p] }], { lr: 0.1 }), { message: 'SGD: some parameters appear in more than one parameter group' });
    assert.throws(() => new Adam([tensor([1, 2], { dtype: 'int32' })]), DTypeError);
    const nonLeaf = param([1]).mul(2);
    assert.throws(() => new Adam([nonLeaf]), /Adam: cannot optimize a non-leaf tensor/);
    const opt = new SGD([p], { lr: 0.1 });
    assert.throws(() => opt.addParamGroup({ params: [p] }), /more than one parameter group/);
    assert.throws(() => opt.addParamGroup({ params: [param([2])], lr: -1 }), { message: 'SGD: invalid learning rate -1 (must be >= 0)' });
  });
});

describe('state, skipping and zeroGrad', () => {
  for (const [name, make] of factories) {
    test(`${name}: state is created lazily, only for parameters that had a gradient; those without are untouched`, () => {
      const ps = makeParams();
      const opt = make(ps);
      assert.equal(opt.state.size, 0);
      const before = Array.from(ps[1]!.data);
      setGrads(ps);
      ps[1]!.grad = null;
      opt.step();
      assert.equal(opt.state.size, 2);
      assert.ok(opt.state.has(ps[0]!) && opt.state.has(ps[2]!) && !opt.state.has(ps[1]!));
      assert.deepEqual(Array.from(ps[1]!.data), before);
      assert.notDeepEqual(Array.from(ps[0]!.data), quadratic.theta0);
    });
  }

  test('zeroGrad drops gradients by default and zero-fills them with setToNone: false', () => {
    const [p, q] = [param([1, 2]), param([3])];
    const opt = new SGD([p, q], { lr: 0.1 });
    p.grad = tensor([1, 1], { dtype: 'float64' });
    opt.zeroGrad({ setToNone: false });
    assert.deepEqual(Array.from(p.grad!.data), [0, 0]);
    assert.equal(q.grad, null);
    opt.zeroGrad();
    assert.equal(p.grad, null);
  });

  test('step(closure) evaluates the closure with gradients enabled and returns its value', () => {
    const p = param([2]);
    p.requiresGrad = true;
    const opt = new SGD([p], { lr: 0.25 });
    const loss = opt.step(() => {
      opt.zeroGrad();
      const l = p.square().sum();
      l.backward();
      return l.item();
    });
    assert.equal(loss, 4);
    assert.deepEqual(Array.from(p.data), [2 - 0.25 * 4]);
  });

  test('a gradient of the wrong size is a ShapeError naming both shapes', () => {
    const p = param([1, 2]);
    const opt = new Adam([p]);
    p.grad = tensor([1, 2, 3], { dtype: 'float64' });
    assert.throws(() => opt.step(), (e: Error) => e instanceof ShapeError && /Adam.step: gradient of shape \[3\] does not match parameter of shape \[2\]/.test(e.message));
  });

  test('training a linear model through autograd reaches the least-squares solution', () => {
    const x = tensor([[1, 0], [0, 1], [1, 1], [2, 1]], { dtype: 'float64' });
    const y = tensor([[1], [-1], [0], [1]], { dtype: 'float64' });
    const w = param([0, 0], 'float64');
    const wCol = (): Tensor => w.reshape([2, 1]);
    const opt = new Adam([w], { lr: 0.1 });
    for (let i = 0; i < 500; i++) {
      opt.zeroGrad();
      x.matmul(wCol()).sub(y).square().mean().backward();
      opt.step();
    }
    // Normal equations: (X^T X) w = X^T y with X^T X = [[6,3],[3,3]], X^T y = [3,0] -> w = [1, -1].
    assert.ok(Math.abs(w.data[0]! - 1) < 1e-4 && Math.abs(w.data[1]! + 1) < 1e-4, `w = ${Array.from(w.data).join(', ')}`);
  });
});

describe('stateDict / loadStateDict', () => {
  for (const [name, make] of factories) {
    for (const dtype of ['float64', 'float32'] as const) {
      test(`${name} (${dtype}): 10 steps, save, load into a new optimizer, 10 more == 20 uninterrupted steps, bit for bit`, () => {
        const straight = makeParams(dtype);
        const o1 = make(groupsOf(straight));
        run(o1, straight, 20);

        const first = makeParams(dtype);
        const o2 = make(groupsOf(first));
        run(o2, first, 10);
        const sd = o2.stateDict();
        // What a checkpoint would keep: copies of the parameters and a JSON copy of everything but tensors.
        const resumed = first.map((p) => new Tensor(p.data.slice(), p.shape, p.dtype));
        const jsonGroups = JSON.parse(JSON.stringify(sd.paramGroups)) as OptimizerStateDict['paramGroups'];
        const o3 = make(groupsOf(resumed));
        o3.loadStateDict({ state: sd.state, paramGroups: jsonGroups });
        run(o3, resumed, 10);
        straight.forEach((p, i) => assert.deepEqual(Array.from(resumed[i]!.data), Array.from(p.data)));
      });
    }
  }

  test("the layout is PyTorch's: state keyed by parameter index across groups, buffers as Tensors, hyperparameters and indices per group", () => {
    const ps = makeParams();
    const opt = new Adam(groupsOf(ps), { lr: 0.05, amsgrad: true });
    setGrads(ps);
    ps[1]!.grad = null;
    opt.step();
    const sd = opt.stateDict();
    assert.deepEqual(Object.keys(sd.state), ['0', '2']);
    assert.deepEqual(Object.keys(sd.state['2']!).sort(), ['expAvg', 'expAvgSq', 'maxExpAvgSq', 'step']);
    assert.equal(sd.state['0']!.step, 1);
    const m = sd.state['0']!.expAvg as Tensor;
    assert.ok(m instanceof Tensor);
    assert.deepEqual(m.shape, [3]);
    assert.deepEqual(sd.paramGroups.map((g) => g.params), [[0, 1], [2]]);
    assert.deepEqual(sd.paramGroups[1], {
      lr: 0.01, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: true, decoupledWeightDecay: false, maximize: false, params: [2],
    });
    // A copy: stepping on does not change what was saved.
    const saved = Array.from(m.data);
    setGrads(ps);
    opt.step();
    assert.deepEqual(Array.from(m.data), saved);
  });

  test('SGD without momentum has empty per-parameter state; its momentum buffer appears on the first step', () => {
    const p = param([1, 2]);
    const opt = new SGD([p], { lr: 0.1, momentum: 0.9 });
    p.grad = tensor([1, 2], { dtype: 'float64' });
    opt.step();
    assert.deepEqual(Array.from((opt.stateDict().state['0']!.momentumBuffer as Tensor).data), [1, 2]);
    const plain = new SGD([param([1])], { lr: 0.1 });
    plain.paramGroups[0]!.params[0]!.grad = tensor([1], { dtype: 'float64' });
    plain.step();
    assert.deepEqual(plain.stateDict().state, { '0': {} });
  });

  test('loading takes the hyperparameters from the dict', () => {
    const a = new SGD([param([1])], { lr: 0.1 });
    a.paramGroups[0]!.lr = 0.001;
    const b = new SGD([param([1])], { lr: 0.1 });
    b.loadStateDict(a.stateDict());
    assert.equal(b.paramGroups[0]!.lr, 0.001);
  });

  test('a bad dict is rejected with every problem in one error, and nothing changes', () => {
    const ps = makeParams();
    const opt = new Adam(groupsOf(ps), { lr: 0.05 });
    setGrads(ps);
    opt.step();
    const good = opt.stateDict();
    const bad: OptimizerStateDict = {
      state: {
        '0': { ...good.state['0']!, expAvg: tensor([1, 2], { dtype: 'float64' }), bogus: 1 },
        '1': { step: 1, expAvg: good.state['1']!.expAvg!, maxExpAvgSq: good.state['1']!.expAvg! },
        '7': { step: 1 },
      },
      paramGroups: [{ ...good.paramGroups[0]!, momentum: 0.9 }, { ...good.paramGroups[1]!, lr: -1 }],
    };
    const fresh = new Adam(groupsOf(makeParams()), { lr: 0.05 });
    assert.throws(() => fresh.loadStateDict(bad), (e: Error) => {
      assert.ok(e instanceof ValueError);
      for (const part of [
        "group 0: unexpected hyperparameter 'momentum'",
        'group 1: Adam: invalid learning rate -1 (must be >= 0)',
        "state '0': 'expAvg' has shape [2], parameter has shape [3]",
        "state '0': unexpected 'bogus'",
        "state '1': missing 'expAvgSq'",
        "state '7' refers to no parameter",
      ]) assert.ok(e.message.includes(part), `missing "${part}" in: ${e.message}`);
      return true;
    });
    assert.equal(fresh.state.size, 0);
    assert.equal(fresh.paramGroups[1]!.lr, 0.01);
    assert.throws(() => fresh.loadStateDict({ state: {}, paramGroups: [good.paramGroups[0]!] }), /the dict has 1 parameter groups, this optimizer has 2/);
    assert.throws(() => fresh.loadStateDict({ state: {}, paramGroups: [{ ...good.paramGroups[0]!, params: [0] }, good.paramGroups[1]!] }), /group 0 has 1 params in the dict, 2 here/);
  });
});

describe('hyperparameter validation', () => {
  const p = (): Tensor[] => [param([1])];
  const table: [string, () => unknown, string][] = [
    ['SGD negative lr', () => new SGD(p(), { lr: -1 }), 'SGD: invalid learning rate -1 (must be >= 0)'],
    ['SGD NaN lr', () => new SGD(p(), { lr: NaN }), 'SGD: invalid learning rate NaN (must be >= 0)'],
    ['SGD infinite lr', () => new SGD(p(), { lr: Infinity }), 'SGD: invalid learning rate Infinity (must be finite)'],
    ['SGD negative momentum', () => new SGD(p(), { lr: 0.1, momentum: -0.5 }), 'SGD: invalid momentum value -0.5 (must be >= 0)'],
    ['SGD dampening > 1', () => new SGD(p(), { lr: 0.1, dampening: 2 }), 'SGD: invalid dampening value 2 (must be in [0, 1])'],
    ['SGD negative weightDecay', () => new SGD(p(), { lr: 0.1, weightDecay: -1 }), 'SGD: invalid weightDecay value -1 (must be >= 0)'],
    ['SGD nesterov without momentum', () => new SGD(p(), { lr: 0.1, nesterov: true }), 'SGD: nesterov momentum requires momentum > 0 and dampening = 0'],
    ['SGD nesterov with dampening', () => new SGD(p(), { lr: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true }), 'SGD: nesterov momentum requires momentum > 0 and dampening = 0'],
    ['RMSprop alpha > 1', () => new RMSprop(p(), { alpha: 1.5 }), 'RMSprop: invalid alpha value 1.5 (must be in [0, 1])'],
    ['RMSprop negative eps', () => new RMSprop(p(), { eps: -1e-8 }), 'RMSprop: invalid epsilon value -1e-8 (must be >= 0)'],
    ['RMSprop negative momentum', () => new RMSprop(p(), { momentum: -1 }), 'RMSprop: invalid momentum value -1 (must be >= 0)'],
    ['Adagrad negative lrDecay', () => new Adagrad(p(), { lrDecay: -1 }), 'Adagrad: invalid lrDecay value -1 (must be >= 0)'],
    ['Adagrad negative initialAccumulatorValue', () => new Adagrad(p(), { initialAccumulatorValue: -1 }), 'Adagrad: invalid initialAccumulatorValue -1 (must be >= 0)'],
    ['Adam beta1 >= 1', () => new Adam(p(), { betas: [1.2, 0.999] }), 'Adam: invalid beta at index 0: 1.2 (must be in [0, 1))'],
    ['Adam beta2 = 1', () => new Adam(p(), { betas: [0.9, 1] }), 'Adam: invalid beta at index 1: 1 (must be in [0, 1))'],
    ['Adam betas not a pair', () => new Adam(p(), { betas: [0.9] as unknown as [number, number] }), 'Adam: betas must be a pair [beta1, beta2], got [0.9]'],
    ['Adam negative eps', () => new Adam(p(), { eps: -1 }), 'Adam: invalid epsilon value -1 (must be >= 0)'],
    ['AdamW negative weightDecay', () => new AdamW(p(), { weightDecay: -0.1 }), 'AdamW: invalid weightDecay value -0.1 (must be >= 0)'],
    ['AdamW negative lr', () => new AdamW(p(), { lr: -1 }), 'AdamW: invalid learning rate -1 (must be >= 0)'],
    ['NAdam negative momentumDecay', () => new NAdam(p(), { momentumDecay: -1 }), 'NAdam: invalid momentumDecay value -1 (must be >= 0)'],
    ['NAdam beta out of range', () => new NAdam(p(), { betas: [0.9, -0.1] }), 'NAdam: invalid beta at index 1: -0.1 (must be in [0, 1))'],
    ['sgdUpdate negative lr', () => sgdUpdate({ param: [1], grad: [1], lr: -1 }), 'sgdUpdate: invalid learning rate -1 (must be >= 0)'],
  ];
  for (const [label, fn, message] of table) {
    test(label, () => assert.throws(fn, (e: Error) => e instanceof ValueError && e.message === message ? true : assert.fail(`got ${e.name}: ${e.message}`)));
  }

  test('defaults match PyTorch', () => {
    assert.deepEqual({ ...new SGD(p()).defaults }, { lr: 1e-3, momentum: 0, dampening: 0, nesterov: false, weightDecay: 0, maximize: false });
    assert.deepEqual({ ...new RMSprop(p()).defaults }, { lr: 1e-2, alpha: 0.99, eps: 1e-8, epsInsideSqrt: false, momentum: 0, centered: false, weightDecay: 0, maximize: false });
    assert.deepEqual({ ...new Adagrad(p()).defaults }, { lr: 1e-2, lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0, eps: 1e-10, maximize: false });
    assert.deepEqual({ ...new Adam(p()).defaults }, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, decoupledWeightDecay: false, maximize: false });
    assert.deepEqual({ ...new AdamW(p()).defaults }, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 1e-2, amsgrad: false, decoupledWeightDecay: true, maximize: false });
    assert.deepEqual({ ...new NAdam(p()).defaults }, { lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, momentumDecay: 4e-3, decoupledWeightDecay: false, maximize: false });
  });
});

describe("the lecture's momentum and Nesterov forms", () => {
  const gradFn = (t: Float64Array): number[] => quadratic.grad(t);
  const eta = 0.05;
  const alpha = 0.9;

  test('lectureMomentumStep equals sgdUpdate with dTheta = eta * momentumBuffer', () => {
    let lec: { theta: Float64Array; delta: Float64Array } = { theta: Float64Array.from(quadratic.theta0), delta: new Float64Array(3) };
    let torch = { param: Float64Array.from(quadratic.theta0) as Float64Array | Float32Array, state: undefined as ReturnType<typeof sgdUpdate>['state'] | undefined };
    for (let s = 0; s < 50; s++) {
      lec = lectureMomentumStep({ ...lec, grad: gradFn(lec.theta), eta, alpha });
      torch = sgdUpdate({ param: torch.param, grad: gradFn(torch.param as Float64Array), state: torch.state, lr: eta, momentum: alpha });
      lec.theta.forEach((t, i) => assert.ok(Math.abs(t - torch.param[i]!) < 1e-12));
      lec.delta.forEach((d, i) => assert.ok(Math.abs(d - eta * torch.state!.momentumBuffer![i]!) < 1e-12));
    }
  });

  test('lectureNesterovStep: SGD(nesterov) holds p_i = theta_i - alpha dTheta_i and v_i = dTheta_i / eta', () => {
    let lec: { theta: Float64Array; delta: Float64Array } = { theta: Float64Array.from(quadratic.theta0), delta: new Float64Array(3) };
    let torch = { param: Float64Array.from(quadratic.theta0) as Float64Array | Float32Array, state: undefined as ReturnType<typeof sgdUpdate>['state'] | undefined };
    for (let s = 0; s < 50; s++) {
      lec = lectureNesterovStep({ ...lec, gradFn, eta, alpha });
      torch = sgdUpdate({ param: torch.param, grad: gradFn(torch.param as Float64Array), state: torch.state, lr: eta, momentum: alpha, nesterov: true });
      lec.theta.forEach((t, i) => assert.ok(Math.abs(t - alpha * lec.delta[i]! - torch.param[i]!) < 1e-12));
      lec.delta.forEach((d, i) => assert.ok(Math.abs(d / eta - torch.state!.momentumBuffer![i]!) < 1e-10));
    }
    // Both head for the minimizer A^-1 b.
    const g = Math.hypot(...quadratic.grad(lec.theta));
    assert.ok(g < 0.01 * Math.hypot(...quadratic.grad(quadratic.theta0)), `|grad| = ${g}`);
  });

  test('lectureNesterovStep rejects a gradient function of the wrong length', () => {
    assert.throws(() => lectureNesterovStep({ theta: [1, 2], delta: [0, 0], gradFn: () => [1], eta, alpha }), /gradFn returned 1 values for 2 parameters/);
  });
});
