// Tensors: creation, dtypes and PyTorch type promotion, conversions and rendering, the seeded RNG
// (bit-identical fixed values), and a table of bad inputs that must throw a typed, named error.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as nt from '../../src/index.js';
import {
  AutogradError, DTypeError, Generator, NeuriteError, ShapeError, Tensor, ValueError, arange, eye, full, fullLike,
  linspace, manualSeed, ones, onesLike, rand, randLike, randint, randintLike, randn, randnLike, tensor, zeros, zerosLike,
  type DType,
} from '../../src/index.js';

const arr = (t: Tensor): number[] => Array.from(t.data);

describe('creation', () => {
  test('tensor() from nested arrays, typed arrays, numbers and booleans', () => {
    const t = tensor([[1, 2, 3], [4, 5, 6]]);
    assert.deepEqual(t.shape, [2, 3]);
    assert.equal(t.dtype, 'float32');
    assert.ok(t.data instanceof Float32Array);
    assert.deepEqual(t.toArray(), [[1, 2, 3], [4, 5, 6]]);
    const s = tensor(7);
    assert.deepEqual(s.shape, []);
    assert.equal(s.item(), 7);
    assert.equal(tensor([true, false]).dtype, 'bool');
    const f64 = new Float64Array([1, 2, 3, 4]);
    const ft = tensor(f64, { shape: [2, 2] });
    assert.equal(ft.dtype, 'float64');
    f64[0] = 99;
    assert.equal(ft.data[0], 1, 'typed arrays are copied');
    assert.equal(tensor(new Int32Array([1, 2])).dtype, 'int32');
    assert.equal(tensor([1.7, -1.7], { dtype: 'int32' }).dtype, 'int32');
    assert.deepEqual(tensor([]).shape, [0]);
    assert.deepEqual(tensor([[], []]).shape, [2, 0]);
    assert.ok(tensor([1], { requiresGrad: true }).requiresGrad);
  });

  test('zeros, ones, full, eye, arange, linspace and *Like', () => {
    assert.deepEqual(zeros([2, 2]).toArray(), [[0, 0], [0, 0]]);
    assert.deepEqual(ones([3], { dtype: 'int32' }).toArray(), [1, 1, 1]);
    assert.deepEqual(full([2], 2.5, { dtype: 'float64' }).toArray(), [2.5, 2.5]);
    assert.deepEqual(eye(2, 3).toArray(), [[1, 0, 0], [0, 1, 0]]);
    assert.deepEqual(eye(2).toArray(), [[1, 0], [0, 1]]);
    const a = arange(5);
    assert.equal(a.dtype, 'int32');
    assert.deepEqual(a.toArray(), [0, 1, 2, 3, 4]);
    assert.deepEqual(arange(1, 2, { step: 0.25 }).toArray(), [1, 1.25, 1.5, 1.75]);
    assert.equal(arange(0, 1, { step: 0.5 }).dtype, 'float32');
    assert.deepEqual(arange(5, 0, { step: -2 }).toArray(), [5, 3, 1]);
    assert.deepEqual(arange(3, 1).toArray(), []);
    assert.deepEqual(linspace(0, 1, 5).toArray(), [0, 0.25, 0.5, 0.75, 1]);
    assert.deepEqual(linspace(2, 3, 1).toArray(), [2]);
    const like = tensor([[1, 2]], { dtype: 'float64' });
    assert.equal(zerosLike(like).dtype, 'float64');
    assert.deepEqual(onesLike(like).shape, [1, 2]);
    assert.deepEqual(fullLike(like, 3).toArray(), [[3, 3]]);
    assert.equal(randLike(like).dtype, 'float64');
    assert.deepEqual(randnLike(like).shape, [1, 2]);
    const ri = randintLike(like, 0, 3);
    assert.equal(ri.dtype, 'int32');
    assert.ok(arr(ri).every((v) => v >= 0 && v < 3));
  });

  test('rand is in [0, 1); randint in [low, high); randn has mean ~0 and variance ~1', () => {
    const g = new Generator(7);
    assert.ok(arr(rand([1000], { generator: g })).every((v) => v >= 0 && v < 1));
    const ri = arr(randint(-3, 3, [1000], { generator: g }));
    assert.ok(ri.every((v) => Number.isInteger(v) && v >= -3 && v < 3));
    assert.deepEqual([...new Set(ri)].sort(), [-1, -2, -3, 0, 1, 2].sort());
    const n = randn([20000], { generator: g, dtype: 'float64' });
    assert.ok(Math.abs(n.mean().item()) < 0.03);
    assert.ok(Math.abs(n.var().item() - 1) < 0.05);
  });
});

describe('dtypes and type promotion (PyTorch rules)', () => {
  const t = (dtype: DType, shape: number[] = [2]): Tensor => full(shape, 1, { dtype });
  const table: [string, () => Tensor, DType][] = [
    ['int32 + float32', () => t('int32').add(t('float32')), 'float32'],
    ['float32 + float64', () => t('float32').add(t('float64')), 'float64'],
    ['int32 / int32 (true division)', () => t('int32').div(t('int32')), 'float32'],
    ['int32 * int32', () => t('int32').mul(t('int32')), 'int32'],
    ['bool + int32', () => t('bool').add(t('int32')), 'int32'],
    ['bool + float32', () => t('bool').add(t('float32')), 'float32'],
    ['bool + bool (counts)', () => t('bool').add(t('bool')), 'int32'],
    ['int32 + 2 (integer scalar keeps int)', () => t('int32').add(2), 'int32'],
    ['int32 + 2.5 (float scalar gives float32)', () => t('int32').add(2.5), 'float32'],
    ['float64 * 3 (scalar takes the tensor dtype)', () => t('float64').mul(3), 'float64'],
    ['float32 * 0.1', () => t('float32').mul(0.1), 'float32'],
    ['bool + 1', () => t('bool').add(1), 'int32'],
    ['2 - float64 (scalar on the left)', () => nt.sub(2, t('float64')), 'float64'],
    ['int32 [2] + float64 0-d (higher category 0-d wins)', () => t('int32').add(t('float64', [])), 'float64'],
    ['float32 [2] + float64 0-d (same category: dimensioned wins)', () => t('float32').add(t('float64', [])), 'float32'],
    ['float64 0-d + float32 [2]', () => t('float64', []).add(t('float32')), 'float32'],
    ['int32 [2] + int32 0-d', () => t('int32').add(t('int32', [])), 'int32'],
    ['float32 0-d + float64 0-d', () => t('float32', []).add(t('float64', [])), 'float64'],
    ['int32 < float32 gives bool', () => t('int32').lt(t('float32')), 'bool'],
    ['exp(int32) gives float32', () => t('int32').exp(), 'float32'],
    ['neg(int32) stays int32', () => t('int32').neg(), 'int32'],
    ['sum(bool) gives int32', () => t('bool').sum(), 'int32'],
    ['mean(int32) gives float32', () => t('int32').mean(), 'float32'],
    ['argmax gives int32', () => t('float64').argmax(), 'int32'],
    ['matmul int32 @ float64', () => nt.matmul(t('int32', [2, 2]), t('float64', [2, 2])), 'float64'],
    ['where(cond, int32, float32)', () => nt.where(t('bool'), t('int32'), t('float32')), 'float32'],
    ['concat(int32, float64)', () => nt.concat([t('int32'), t('float64')]), 'float64'],
    ['float32 [2] * float64 0-d', () => nt.mul(t('float32'), t('float64', [])), 'float32'],
  ];
  for (const [label, make, want] of table) {
    test(label, () => assert.equal(make().dtype, want));
  }

  test('promoteTypes is the lattice bool < int32 < float32 < float64', () => {
    const order: DType[] = ['bool', 'int32', 'float32', 'float64'];
    for (const [i, a] of order.entries()) for (const [j, b] of order.entries()) {
      assert.equal(nt.promoteTypes(a, b), order[Math.max(i, j)]);
    }
  });

  test('values survive promotion: int32 / int32 is true division, casts truncate toward zero', () => {
    assert.deepEqual(arr(tensor([7, -7], { dtype: 'int32' }).div(tensor([2, 2], { dtype: 'int32' }))), [3.5, -3.5]);
    assert.deepEqual(arr(tensor([2.7, -2.7]).int()), [2, -2]);
    assert.deepEqual(arr(tensor([0, 0.5, -1]).to('bool')), [0, 1, 1]);
    assert.equal(tensor([1]).double().dtype, 'float64');
    assert.equal(tensor([1], { dtype: 'int32' }).float().dtype, 'float32');
  });

  test('gradients come back in the input dtype across a promotion', () => {
    const a = tensor([1, 2], { requiresGrad: true });
    const b = tensor([3, 4], { dtype: 'float64', requiresGrad: true });
    a.mul(b).sum().backward();
    assert.equal(a.grad!.dtype, 'float32');
    assert.equal(b.grad!.dtype, 'float64');
    assert.deepEqual(arr(a.grad!), [3, 4]);
  });
});

describe('conversions and rendering', () => {
  test('toArray, item, data, shape, dtype, size, ndim', () => {
    const t = tensor([[1, 2], [3, 4]], { dtype: 'float64' });
    assert.deepEqual(t.toArray(), [[1, 2], [3, 4]]);
    assert.ok(t.data instanceof Float64Array);
    assert.deepEqual(t.shape, [2, 2]);
    assert.equal(t.dtype, 'float64');
    assert.equal(t.size, 4);
    assert.equal(t.ndim, 2);
    assert.equal(tensor([[5]]).item(), 5);
    assert.equal(tensor(3).toArray(), 3);
    assert.deepEqual(zeros([2, 0, 3]).toArray(), [[], []]);
    assert.ok(Object.isFrozen(t.shape));
  });

  test('toString renders like PyTorch', () => {
    assert.equal(tensor([[1, 2], [3, 4]]).toString(), 'tensor([[1, 2],\n        [3, 4]], dtype=float32)');
    assert.equal(tensor([1.5, 2], { requiresGrad: true }).toString(), 'tensor([1.5, 2], dtype=float32, requiresGrad=true)');
    assert.equal(tensor([1, 2], { requiresGrad: true }).mul(2).toString(), 'tensor([2, 4], dtype=float32, gradFn=mul)');
    assert.equal(tensor([true, false]).toString(), 'tensor([1, 0], dtype=bool)');
    assert.equal(tensor(3, { dtype: 'int32' }).toString(), 'tensor(3, dtype=int32)');
    assert.equal(tensor([1e-7, 1e7, NaN, -Infinity]).toString(), 'tensor([1.0000e-7, 1.0000e+7, NaN, -Infinity], dtype=float32)');
    assert.equal(zeros([2000]).toString(), 'tensor(shape=[2000], dtype=float32)');
  });
});

describe('seeded random numbers', () => {
  // Fixed values: the same seed must give these bits on every run and machine.
  test('manualSeed(42) gives the committed first values of rand, randn and randint', () => {
    manualSeed(42);
    assert.deepEqual(arr(rand([4], { dtype: 'float64' })), [0.6606157208001621, 0.1117019639532224, 0.0791056456144914, 0.015209237180418]);
    manualSeed(42);
    assert.deepEqual(arr(rand([4])), [0.6606157422065735, 0.11170196533203125, 0.07910564541816711, 0.015209237113595009]);
    manualSeed(42);
    assert.deepEqual(arr(randn([4], { dtype: 'float64' })), [0.6953712153418404, 0.5878986391985577, 2.242263762064122, 0.2149308925848208]);
    manualSeed(42);
    assert.deepEqual(arr(randint(0, 10, [8])), [6, 1, 0, 0, 8, 1, 9, 7]);
    const g = new Generator(42);
    assert.deepEqual([g.nextUint32(), g.nextUint32()], [2837322924, 544945897]);
  });

  test('the same seed twice gives identical tensors; different seeds differ', () => {
    manualSeed(3);
    const a = randn([50]);
    manualSeed(3);
    const b = randn([50]);
    assert.deepEqual(arr(a), arr(b));
    manualSeed(4);
    assert.notDeepEqual(arr(randn([50])), arr(a));
  });

  test('explicit generators are independent of each other and of the default one', () => {
    const g1 = new Generator(5);
    const g2 = new Generator(5);
    const x1 = rand([10], { generator: g1 });
    manualSeed(123);
    rand([7]);
    rand([3], { generator: new Generator(99) });
    const x2 = rand([10], { generator: g2 });
    assert.deepEqual(arr(x1), arr(x2));
    manualSeed(1);
    const d1 = rand([5]);
    manualSeed(1);
    rand([5], { generator: g1 });
    assert.deepEqual(arr(rand([5])), arr(d1), 'drawing from g1 does not advance the default generator');
  });

  test('getState/setState resumes the stream exactly', () => {
    const g = new Generator(11);
    rand([3], { generator: g });
    const state = g.getState();
    const next = arr(randn([6], { generator: g, dtype: 'float64' }));
    const h = new Generator(0).setState(JSON.parse(JSON.stringify(state)) as nt.GeneratorState);
    assert.deepEqual(arr(randn([6], { generator: h, dtype: 'float64' })), next);
    g.setState(state);
    assert.deepEqual(arr(randn([6], { generator: g, dtype: 'float64' })), next);
  });

  test('permutation is a seeded Fisher-Yates permutation', () => {
    const p = new Generator(8).permutation(10);
    assert.deepEqual([...p].sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.deepEqual([...new Generator(8).permutation(10)], [...p]);
  });
});

describe('bad inputs throw typed errors naming the op and the shapes', () => {
  const x23 = (): Tensor => zeros([2, 3]);
  type Row = [string, () => unknown, new (m: string) => NeuriteError, (string | RegExp)[]];
  const rows: Row[] = [
    ['matmul inner mismatch', () => zeros([2, 3]).matmul(zeros([4, 5])), ShapeError,
      ['matmul: cannot multiply [2,3] by [4,5] (inner dimensions 3 and 4 differ)']],
    ['matmul of a 0-d tensor', () => nt.matmul(tensor(1), zeros([2])), ShapeError, ['matmul', '[]', '[2]']],
    ['matmul batch mismatch', () => nt.matmul(zeros([2, 2, 3]), zeros([3, 3, 4])), ShapeError, ['matmul', '[2]', '[3]']],
    ['broadcast failure', () => x23().add(zeros([4])), ShapeError, ['add:', '[2,3]', '[4]', 'cannot be broadcast']],
    ['broadcast failure in a comparison', () => x23().lt(zeros([2])), ShapeError, ['lt:', '[2,3]', '[2]']],
    ['where broadcast failure', () => nt.where(zeros([4], { dtype: 'bool' }), x23(), zeros([2, 1])), ShapeError, ['where:', '[4]', '[2,3]']],
    ['reshape size mismatch', () => x23().reshape([4]), ShapeError, ['reshape: cannot reshape [2,3] (6 elements) into [4] (4 elements)']],
    ['reshape with two -1', () => x23().reshape([-1, -1]), ShapeError, ['reshape', '[-1,-1]']],
    ['reshape -1 that does not divide', () => x23().reshape([4, -1]), ShapeError, ['reshape', '[2,3]', '[4,-1]']],
    // axis errors name the shape and the valid range (regression: they gave only the rank)
    ['sum over a bad axis', () => x23().sum(2), ValueError, ['sum: axis 2 is out of range', 'shape [2,3]', 'rank 2', 'valid axes -2 to 1']],
    ['softmax over a bad axis', () => x23().softmax(-3), ValueError, ['softmax: axis -3', 'shape [2,3]', 'rank 2']],
    ['unsqueeze past the new rank', () => x23().unsqueeze(4), ValueError, ['unsqueeze: axis 4', 'rank 3', 'input shape [2,3]', 'valid axes -3 to 2']],
    ['transpose with a bad axis', () => x23().transpose(0, 5), ValueError, ['transpose: axis 5', 'shape [2,3]']],
    ['repeated axis', () => x23().sum([1, -1]), ValueError, ['sum', 'repeated axis']],
    ['max of an empty axis', () => zeros([0, 3]).max(0), ValueError, ['max', 'empty axis 0', '[0,3]']],
    ['argmax of an empty tensor', () => zeros([0]).argmax(), ValueError, ['argmax', 'empty']],
    ['ragged nested array (short row)', () => tensor([[1, 2], [3]]), ShapeError, ['tensor: ragged nested array at [1]', 'expected 2', 'got 1']],
    ['ragged nested array (scalar for a row)', () => tensor([[1, 2], 3] as never), ShapeError, ['tensor: ragged', 'at [1]']],
    ['ragged nested array (row for a scalar)', () => tensor([1, [2, 3]] as never), ShapeError, ['tensor: ragged', 'at [1]']],
    ['non-number element', () => tensor(['a'] as never), ValueError, ['tensor', 'at [0]', 'string']],
    ['typed array with a wrong shape', () => tensor(new Float32Array(5), { shape: [2, 3] }), ShapeError, ['tensor: shape [2,3]', '5']],
    ['requiresGrad on an int tensor', () => tensor([1, 2], { dtype: 'int32', requiresGrad: true }), DTypeError, ['requiresGrad', 'int32']],
    ['unknown dtype in tensor()', () => tensor([1], { dtype: 'float16' as DType }), DTypeError, ['tensor: unknown dtype "float16"', 'float32, float64, int32, bool']],
    ['unknown dtype in zeros()', () => zeros([2], { dtype: 'half' as DType }), DTypeError, ['zeros: unknown dtype "half"']],
    ['unknown dtype in cast', () => x23().to('int8' as DType), DTypeError, ['cast: unknown dtype "int8"']],
    ['negative size in zeros', () => zeros([2, -1]), ShapeError, ['zeros: invalid shape [2,-1]']],
    ['fractional size in ones', () => ones([1.5]), ShapeError, ['ones: invalid shape [1.5]']],
    ['negative size in rand', () => rand([-2]), ShapeError, ['rand: invalid shape [-2]']],
    ['index out of range', () => x23().index(2), ShapeError, ['index: index 2 is out of range for axis 0 with size 2']],
    ['negative index out of range', () => x23().index(0, -4), ShapeError, ['index: index -4', 'axis 1 with size 3']],
    ['too many indices', () => x23().index(0, 0, 0), ShapeError, ['index: too many indices (3)', '[2,3]']],
    ['unparsable slice', () => x23().index('1:x'), ValueError, ["index: cannot parse slice '1:x'"]],
    ['slice with step 0', () => x23().slice(0, { step: 0 }), ValueError, ['slice: step must be a positive integer, got 0']],
    ['concat shape mismatch', () => nt.concat([x23(), zeros([2, 4])], 0), ShapeError, ['concat: tensor 1 has shape [2,4]', '[2,3]', 'axis 0']],
    ['concat rank mismatch', () => nt.concat([x23(), zeros([3])], 0), ShapeError, ['concat', '[3]', '[2,3]']],
    ['concat of nothing', () => nt.concat([]), ValueError, ['concat', 'at least one']],
    ['stack shape mismatch', () => nt.stack([x23(), zeros([3, 2])]), ShapeError, ['stack: tensor 1 has shape [3,2], expected [2,3]']],
    ['expand incompatible', () => zeros([3, 2]).expand([3, 4]), ShapeError, ['expand: cannot expand [3,2] to [3,4]']],
    ['expand to fewer dims', () => x23().expand([3]), ShapeError, ['expand', '[2,3]', '[3]']],
    ['squeeze a non-1 axis', () => x23().squeeze(1), ShapeError, ['squeeze: axis 1 of [2,3] has size 3']],
    ['permute with a repeated axis', () => x23().permute([0, 0]), ShapeError, ['permute: [0,0] is not a permutation', '[2,3]']],
    ['permute with too few axes', () => zeros([2, 3, 4]).permute([1, 0]), ShapeError, ['permute', '[2,3,4]']],
    ['pad with negative widths', () => x23().pad([[-1, 0]]), ValueError, ['pad: widths must be non-negative']],
    ['pad with too many widths', () => zeros([3]).pad([[1, 1], [1, 1]]), ShapeError, ['pad: 2 pad widths', 'rank 1']],
    ['flatten start after end', () => zeros([2, 3, 4]).flatten(2, 1), ValueError, ['flatten: startAxis 2 comes after endAxis 1']],
    ['linear shape mismatch', () => nt.linear(zeros([4, 3]), zeros([2, 5])), ShapeError, ['linear: input [4,3] does not fit weight [2,5]']],
    ['prelu weight mismatch', () => nt.prelu(zeros([2, 3]), zeros([4])), ShapeError, ['prelu: weight [4]', '[2,3]']],
    ['softplus with beta 0', () => nt.softplus(x23(), { beta: 0 }), ValueError, ['softplus: beta must be positive, got 0']],
    ['binary op with a string', () => nt.add(x23(), 'a' as never), DTypeError, ['add', 'string']],
    ['randint with low >= high', () => randint(3, 3, [2]), ValueError, ['randint', 'low=3 high=3']],
    ['arange with step 0', () => arange(0, 5, { step: 0 }), ValueError, ['arange: step', '0']],
    ['linspace with negative steps', () => linspace(0, 1, -1), ValueError, ['linspace: steps', '-1']],
    ['item of a multi-element tensor', () => x23().item(), ValueError, ['item', '[2,3]']],
    ['backward of a non-scalar', () => tensor([1, 2], { requiresGrad: true }).mul(2).backward(), AutogradError, ['backward', '[2]']],
    ['setState with garbage', () => new Generator().setState({ s: [1, 2] } as never), ValueError, ['setState']],
    ['manualSeed(NaN)', () => manualSeed(NaN), ValueError, ['manualSeed', 'NaN']],
    ['requiresGrad on a non-leaf', () => { tensor([1], { requiresGrad: true }).mul(2).requiresGrad = false; }, AutogradError, ['requiresGrad', 'leaf']],
  ];
  for (const [label, fn, cls, parts] of rows) {
    test(label, () => {
      assert.throws(fn, (e: unknown) => {
        assert.ok(e instanceof cls, `expected ${cls.name}, got ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
        assert.ok(e instanceof NeuriteError);
        assert.equal(e.name, cls.name);
        for (const p of parts) {
          assert.ok(typeof p === 'string' ? e.message.includes(p) : p.test(e.message), `message '${e.message}' lacks '${String(p)}'`);
        }
        return true;
      });
    });
  }
});
