import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AnomalyError } from '../../src/autograd/engine.js';
import { setAnomalyEnabled } from '../../src/autograd/grad-mode.js';
import { ones, randn, tensor, zeros } from '../../src/tensor/creation.js';
import { Generator } from '../../src/tensor/random.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import {
  BatchNorm1d, Dropout, Linear, Module, ModuleList, Parameter, ReLU, Sequential, Sigmoid, StateDictError,
} from '../../src/nn/index.js';

class MLP extends Module {
  fc1: Linear;
  act = new ReLU();
  blocks: Linear[];
  head: Linear;
  constructor(g = new Generator(0)) {
    super();
    this.fc1 = new Linear({ inFeatures: 2, outFeatures: 4, generator: g });
    this.blocks = [new Linear({ inFeatures: 4, outFeatures: 4, generator: g }), new Linear({ inFeatures: 4, outFeatures: 4, bias: false, generator: g })];
    this.head = new Linear({ inFeatures: 4, outFeatures: 1, generator: g });
  }
  forward(x: Tensor): Tensor {
    let h = this.act.call(this.fc1.call(x));
    for (const b of this.blocks) h = this.act.call(b.call(h));
    return this.head.call(h);
  }
}

describe('Module: discovery by fields', () => {
  test('namedParameters gives dotted names in field order, arrays as name.i', () => {
    const m = new MLP();
    assert.deepEqual(m.namedParameters().map(([n]) => n), ['fc1.weight', 'fc1.bias', 'blocks.0.weight', 'blocks.0.bias', 'blocks.1.weight', 'head.weight', 'head.bias']);
    assert.equal(m.numParameters(), 8 + 4 + 16 + 4 + 16 + 4 + 1);
    assert.deepEqual(m.namedChildren().map(([n]) => n), ['fc1', 'act', 'blocks.0', 'blocks.1', 'head']);
    assert.deepEqual(m.namedModules().map(([n]) => n), ['', 'fc1', 'act', 'blocks.0', 'blocks.1', 'head']);
  });

  test('Sequential names children 0, 1, ... and nests as layers.0.weight', () => {
    class Net extends Module {
      layers = new Sequential(new Linear({ inFeatures: 2, outFeatures: 3 }), new Sigmoid(), new Linear({ inFeatures: 3, outFeatures: 1 }));
      forward(x: Tensor): Tensor { return this.layers.call(x); }
    }
    const n = new Net();
    assert.deepEqual(n.namedParameters().map(([k]) => k), ['layers.0.weight', 'layers.0.bias', 'layers.2.weight', 'layers.2.bias']);
    assert.equal(n.layers.length, 3);
    assert.ok(n.layers[1] instanceof Sigmoid);
    assert.ok(n.layers.at(-1) instanceof Linear);
    n.layers.append(new Sigmoid());
    assert.equal(n.layers.length, 4);
    assert.deepEqual(n.call(zeros([5, 2])).shape, [5, 1]);
    assert.throws(() => n.layers.at(4), /Sequential.at: index 4 is out of range for 4 modules/);
  });

  test('a shared parameter or module is counted once', () => {
    const shared = new Linear({ inFeatures: 3, outFeatures: 3 });
    const seq = new Sequential(shared, new ReLU(), shared);
    assert.equal(seq.parameters().length, 2);
    assert.equal(seq.numParameters(), 12);
    const tied = new Sequential(new Linear({ inFeatures: 3, outFeatures: 3 }), new Linear({ inFeatures: 3, outFeatures: 3 }));
    (tied[1] as Linear).weight = (tied[0] as Linear).weight;
    assert.deepEqual(tied.namedParameters().map(([n]) => n), ['0.weight', '0.bias', '1.bias']);
    // The state dict keeps every name, like PyTorch.
    assert.deepEqual(Object.keys(tied.stateDict()), ['0.weight', '0.bias', '1.weight', '1.bias']);
  });

  test('ModuleList holds modules for a hand-written forward', () => {
    class Net extends Module {
      layers = new ModuleList([new Linear({ inFeatures: 2, outFeatures: 2 }), new Linear({ inFeatures: 2, outFeatures: 2 })]);
      forward(x: Tensor): Tensor {
        let h = x;
        for (const l of this.layers) h = l.call(h);
        return h;
      }
    }
    const n = new Net();
    assert.deepEqual(n.namedParameters().map(([k]) => k), ['layers.0.weight', 'layers.0.bias', 'layers.1.weight', 'layers.1.bias']);
    assert.deepEqual(n.call(ones([1, 2])).shape, [1, 2]);
    assert.throws(() => n.layers.forward(), /ModuleList: has no forward/);
  });

  test('buffers are found, in the state dict, and not parameters', () => {
    const m = new Sequential(new Linear({ inFeatures: 2, outFeatures: 3 }), new BatchNorm1d({ numFeatures: 3 }));
    assert.deepEqual(m.namedBuffers().map(([n]) => n), ['1.runningMean', '1.runningVar', '1.numBatchesTracked']);
    assert.ok(!m.parameters().some((p) => m.buffers().includes(p)));
    class WithBuf extends Module {
      declare scratch: Tensor | null;
      constructor() {
        super();
        this.registerBuffer('scratch', zeros([2]), { persistent: false });
      }
      forward(x: Tensor): Tensor { return x; }
    }
    const w = new WithBuf();
    assert.equal(w.buffers().length, 1);
    assert.deepEqual(Object.keys(w.stateDict()), []);
    assert.throws(() => w.registerBuffer('training', zeros([1])), /registerBuffer: 'training' is already a field of WithBuf/);
  });

  test('train()/eval() switch every module recursively', () => {
    const m = new MLP();
    m.eval();
    assert.ok(m.modules().every((x) => !x.training));
    m.train();
    assert.ok(m.modules().every((x) => x.training));
    m.train(false);
    assert.equal(m.blocks[1]!.training, false);
  });

  test('zeroGrad clears gradients (to null or to zeros)', () => {
    const m = new MLP();
    m.call(ones([3, 2])).sum().backward();
    assert.ok(m.parameters().every((p) => p.grad !== null));
    m.zeroGrad({ setToNone: false });
    assert.ok(m.parameters().every((p) => p.grad!.data.every((v) => v === 0)));
    m.zeroGrad();
    assert.ok(m.parameters().every((p) => p.grad === null));
  });

  test('to(float64) converts parameters and float buffers, keeps sharing', () => {
    const shared = new Linear({ inFeatures: 2, outFeatures: 2 });
    const m = new Sequential(shared, new BatchNorm1d({ numFeatures: 2 }), shared).double();
    assert.ok(m.parameters().every((p) => p.dtype === 'float64' && p instanceof Parameter && p.requiresGrad));
    assert.equal(m.parameters().length, 4);
    const bn = m[1] as BatchNorm1d;
    assert.equal(bn.runningMean!.dtype, 'float64');
    assert.equal(bn.numBatchesTracked!.dtype, 'int32');
    assert.equal(m.call(ones([3, 2], { dtype: 'float64' })).dtype, 'float64');
  });
});

describe('Module: state dict', () => {
  test('stateDict round-trips into a fresh model', () => {
    const a = new MLP(new Generator(1));
    const b = new MLP(new Generator(2));
    const x = randn([4, 2], { generator: new Generator(3) });
    assert.notDeepEqual(a.call(x).toArray(), b.call(x).toArray());
    const r = b.loadStateDict(a.stateDict());
    assert.deepEqual(r, { missingKeys: [], unexpectedKeys: [] });
    assert.deepEqual(a.call(x).toArray(), b.call(x).toArray());
    // Values are shared views unless copied.
    const sd = a.stateDict();
    const copy = a.stateDict({ copy: true });
    a.fc1.weight.data[0] = 42;
    assert.equal(sd['fc1.weight']!.data[0], 42);
    assert.notEqual(copy['fc1.weight']!.data[0], 42);
    assert.equal(sd['fc1.weight']!.requiresGrad, false);
  });

  test('loadStateDict lists every missing, unexpected and mis-shaped key in one error', () => {
    const m = new MLP();
    const sd: Record<string, unknown> = m.stateDict();
    delete sd['fc1.bias'];
    delete sd['head.weight'];
    sd['extra.weight'] = zeros([3]);
    sd['blocks.0.weight'] = zeros([4, 5]);
    sd['blocks.1.weight'] = 7;
    const before = m.fc1.weight.data.slice();
    let err: StateDictError | undefined;
    try {
      m.loadStateDict(sd);
    } catch (e) {
      err = e as StateDictError;
    }
    assert.ok(err instanceof StateDictError);
    assert.deepEqual(err.missingKeys, ['fc1.bias', 'head.weight']);
    assert.deepEqual(err.unexpectedKeys, ['extra.weight']);
    assert.deepEqual(err.mismatchedKeys, ['blocks.0.weight', 'blocks.1.weight']);
    assert.match(err.message, /^loadStateDict: 5 problems loading into MLP:/);
    assert.match(err.message, /missing key 'fc1\.bias' \(the model expects shape \[4\]\)/);
    assert.match(err.message, /missing key 'head\.weight'/);
    assert.match(err.message, /unexpected key 'extra\.weight' \(shape \[3\]\)/);
    assert.match(err.message, /'blocks\.0\.weight': size mismatch: the state dict has shape \[4,5\], the model has \[4,4\]/);
    assert.match(err.message, /'blocks\.1\.weight': the state dict's value is not a Tensor \(got number\)/);
    assert.deepEqual(m.fc1.weight.data, before, 'nothing is loaded when it throws');
  });

  test('strict: false loads what fits and reports the rest; shape mismatches still throw', () => {
    const m = new MLP(new Generator(5));
    const src = new MLP(new Generator(6)).stateDict();
    delete src['head.bias'];
    src['other'] = zeros([1]);
    const r = m.loadStateDict(src, { strict: false });
    assert.deepEqual(r, { missingKeys: ['head.bias'], unexpectedKeys: ['other'] });
    assert.deepEqual(m.fc1.weight.data, src['fc1.weight']!.data);
    src['fc1.weight'] = zeros([1, 1]);
    assert.throws(() => m.loadStateDict(src, { strict: false }), (e: unknown) => e instanceof StateDictError && /1 problem loading/.test(e.message));
  });

  test('loads BatchNorm running statistics and casts dtypes', () => {
    const a = new BatchNorm1d({ numFeatures: 2 });
    a.call(tensor([[1, 2], [3, 6]]));
    const b = new BatchNorm1d({ numFeatures: 2, dtype: 'float64' });
    b.loadStateDict(a.stateDict());
    assert.deepEqual([...b.runningMean!.data], [...a.runningMean!.data].map((v) => v));
    assert.equal(b.numBatchesTracked!.item(), 1);
  });
});

describe('Module: hooks, scopes, printing', () => {
  test('forward pre-hooks and hooks run around forward and can be removed', () => {
    const lin = new Linear({ inFeatures: 2, outFeatures: 2 });
    const seen: string[] = [];
    const h1 = lin.registerForwardPreHook((_m, [x]) => {
      seen.push(`pre ${x.shape.join('x')}`);
      return [x.mul(0)];
    });
    const h2 = lin.registerForwardHook((_m, _in, out) => {
      seen.push('post');
      return out.add(1);
    });
    const y = lin.call(ones([1, 2]));
    assert.deepEqual(seen, ['pre 1x2', 'post']);
    assertBias(y, lin);
    h1.remove();
    h2.remove();
    lin.call(ones([1, 2]));
    assert.equal(seen.length, 2);
  });

  test('full backward hook sees the gradient of the output', () => {
    const lin = new Linear({ inFeatures: 2, outFeatures: 3 });
    const grads: number[][] = [];
    lin.registerFullBackwardHook((_m, g) => void grads.push([...g.data]));
    lin.call(ones([1, 2])).mul(tensor([[1, 2, 3]])).sum().backward();
    assert.deepEqual(grads, [[1, 2, 3]]);
  });

  test('anomaly errors name the module by its dotted path', () => {
    class Log extends Module {
      forward(x: Tensor): Tensor { return x.log(); }
    }
    class Net extends Module {
      layers = new Sequential(new Linear({ inFeatures: 1, outFeatures: 1 }), new Log());
      forward(x: Tensor): Tensor { return this.layers.call(x); }
    }
    const n = new Net();
    (n.layers[0] as Linear).weight.data[0] = -1;
    (n.layers[0] as Linear).bias!.data[0] = 0;
    const prev = setAnomalyEnabled(true);
    try {
      assert.throws(() => n.call(ones([1, 1])), (e: unknown) => e instanceof AnomalyError && e.scope === 'layers.1' && /in module 'layers\.1'/.test(e.message));
    } finally {
      setAnomalyEnabled(prev);
    }
    assert.equal(new Log().scopeName, 'Log');
  });

  test('toString prints a PyTorch-like tree', () => {
    const m = new Sequential(new Linear({ inFeatures: 2, outFeatures: 3 }), new Sigmoid(), new Sequential(new Dropout({ p: 0.2 }), new Linear({ inFeatures: 3, outFeatures: 1, bias: false })));
    assert.equal(
      m.toString(),
      [
        'Sequential(',
        '  (0): Linear(inFeatures=2, outFeatures=3, bias=true)',
        '  (1): Sigmoid()',
        '  (2): Sequential(',
        '    (0): Dropout(p=0.2, scaling=train)',
        '    (1): Linear(inFeatures=3, outFeatures=1, bias=false)',
        '  )',
        ')',
      ].join('\n'),
    );
  });

  test('summary lists layers, output shapes, parameter counts and totals without touching state', () => {
    const m = new Sequential(new Linear({ inFeatures: 784, outFeatures: 256 }), new ReLU(), new BatchNorm1d({ numFeatures: 256 }), new Dropout(), new Linear({ inFeatures: 256, outFeatures: 10 }));
    const bn = m[2] as BatchNorm1d;
    const s = m.summary({ inputShape: [1, 784] });
    const lines = s.split('\n');
    assert.match(lines[0]!, /^Sequential summary \(input \[1,784\]\)$/);
    assert.ok(lines.some((l) => /^0 \(Linear\)\s+\[1,256\]\s+200,960$/.test(l)), s);
    assert.ok(lines.some((l) => /^1 \(ReLU\)\s+\[1,256\]\s+0$/.test(l)), s);
    assert.ok(lines.some((l) => /^2 \(BatchNorm1d\)\s+\[1,256\]\s+512$/.test(l)), s);
    assert.ok(lines.some((l) => /^4 \(Linear\)\s+\[1,10\]\s+2,570$/.test(l)), s);
    assert.ok(lines.includes('Output: [1,10]'), s);
    assert.ok(lines.includes('Total params: 204,042'), s);
    assert.ok(lines.includes('Trainable params: 204,042'), s);
    assert.equal(bn.numBatchesTracked!.item(), 0, 'summary runs in eval mode');
    assert.ok(m.training && bn.training, 'modes restored');
    m.parameters()[0]!.requiresGrad = false;
    const s2 = m.summary({ inputShape: [2, 784] });
    assert.ok(s2.includes('Non-trainable params: 200,704'), s2);
    assert.throws(() => m.summary({ inputShape: [1.5] }), /summary: inputShape must be a shape/);
  });
});

function assertBias(y: Tensor, lin: Linear): void {
  // Input was zeroed by the pre-hook, so y = b + 1.
  assert.deepEqual([...y.data].map((v) => Math.fround(v)), [...lin.bias!.data].map((b) => Math.fround(b + 1)));
}
