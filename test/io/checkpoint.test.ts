// saveCheckpoint/loadCheckpoint: round trips, the files a run directory holds, and a table of
// damaged checkpoints, each refused with a message naming the file and the problem.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tensor, zeros } from '../../src/index.js';
import { CheckpointError, encodeSafetensors, stateDictMismatches, validateStateDict } from '../../src/io/index.js';
import { loadCheckpoint, saveCheckpoint, writeFileAtomic, type CheckpointManifest } from '../../src/io/node-index.js';
import { checkpointA, checkpointB } from './fixtures/checkpoints.js';
import { assertSameCheckpoint, withTempDir } from './checkpoint-helpers.js';

describe('saveCheckpoint / loadCheckpoint', () => {
  test('round trip: weights, description, optimizer state, trainer state and metadata', () => {
    withTempDir((dir) => {
      const a = checkpointA();
      const manifest = saveCheckpoint(join(dir, 'run'), a);
      assert.deepEqual(manifest.files.map((f) => f.name), ['model.json', 'model.safetensors', 'optimizer.safetensors', 'optimizer.json', 'state.json']);
      assert.deepEqual(readdirSync(join(dir, 'run')).sort(), ['checkpoint.json', ...manifest.files.map((f) => f.name)].sort());
      for (const f of manifest.files) {
        const bytes = readFileSync(join(dir, 'run', f.name));
        assert.equal(bytes.length, f.bytes);
        assert.equal(createHash('sha256').update(bytes).digest('hex'), f.sha256);
      }
      const back = loadCheckpoint(join(dir, 'run'), { expectModel: a.model });
      assertSameCheckpoint(back, a);
      assert.ok(Number.isNaN((back.description as { standardizer: { mean: number[] } }).standardizer.mean[1]));
      assert.deepEqual(JSON.parse(readFileSync(join(dir, 'run', 'model.json'), 'utf8')).classNames, ['a', 'b', 'c']);
    });
  });

  test('saving over a checkpoint replaces it, drops files it no longer has, and leaves other files alone', () => {
    withTempDir((dir) => {
      saveCheckpoint(dir, checkpointA());
      writeFileSync(join(dir, 'metrics.json'), '{"mine":true}');
      const b = { ...checkpointB(), optimizer: undefined, trainerState: undefined };
      saveCheckpoint(dir, b);
      assert.deepEqual(readdirSync(dir).sort(), ['checkpoint.json', 'metrics.json', 'model.json', 'model.safetensors']);
      const back = loadCheckpoint(dir);
      assertSameCheckpoint(back, b);
      assert.equal(back.optimizer, undefined);
      assert.equal(back.trainerState, undefined);
      assert.equal(readFileSync(join(dir, 'metrics.json'), 'utf8'), '{"mine":true}');
    });
  });

  test('empty and 0-d weights, no metadata, a description that is a plain string', () => {
    withTempDir((dir) => {
      const ck = { model: { e: zeros([0, 3]), s: tensor(2.5, { dtype: 'float64' }) }, description: 'just a name' };
      saveCheckpoint(dir, ck);
      assertSameCheckpoint(loadCheckpoint(dir), ck);
    });
  });

  test('expectModel refuses weights that do not fit the model, listing every problem', () => {
    withTempDir((dir) => {
      saveCheckpoint(dir, checkpointA());
      const expected = { ...checkpointA().model, 'layers.0.weight': zeros([4, 3]), extra: zeros([1]) };
      delete (expected as Record<string, unknown>)['layers.1.bias'];
      assert.throws(
        () => loadCheckpoint(dir, { expectModel: expected }),
        (e: Error) => e instanceof CheckpointError && e.message ===
          `${join(dir, 'model.safetensors')}: weights do not match the model (3 problems): missing keys: extra; ` +
          `unexpected keys: layers.1.bias; 'layers.0.weight': expected float32 [4,3], the file has float32 [4,2]`,
      );
    });
  });

  test('the model must be a map of tensors; descriptions may not hold tensors', () => {
    withTempDir((dir) => {
      assert.throws(() => saveCheckpoint(dir, { model: { w: 3 as never }, description: {} }), /'w' is not a Tensor/);
      assert.throws(() => saveCheckpoint(dir, { model: {}, description: { w: tensor([1]) } }), /the model description holds tensors \(w\)/);
      assert.equal(existsSync(join(dir, 'checkpoint.json')), false);
    });
  });

  test('saving into a path that is a file is refused', () => {
    withTempDir((dir) => {
      writeFileSync(join(dir, 'f'), 'x');
      assert.throws(() => saveCheckpoint(join(dir, 'f'), checkpointA()), /f: exists and is not a directory/);
    });
  });
});

describe('validateStateDict', () => {
  test('reports dtype and shape mismatches and missing and unexpected keys in one message', () => {
    const expected = { a: zeros([2, 3]), b: zeros([3], { dtype: 'int32' }), c: zeros([1]) };
    const loaded = { a: zeros([3, 2]), b: zeros([3]), d: zeros([1]) };
    assert.deepEqual(stateDictMismatches(expected, loaded), [
      'missing keys: c', 'unexpected keys: d',
      "'a': expected float32 [2,3], the file has float32 [3,2]", "'b': expected int32 [3], the file has float32 [3]",
    ]);
    assert.throws(() => validateStateDict(expected, loaded, { source: 'm.safetensors' }), /^CheckpointError: m\.safetensors: weights do not match the model \(4 problems\)/);
    assert.doesNotThrow(() => validateStateDict(expected, { a: zeros([2, 3]), b: zeros([3], { dtype: 'int32' }), c: zeros([1]) }));
  });
});

/** Replaces a file of a saved checkpoint and, with `rehash`, updates the manifest so only decoding can catch it. */
function damage(dir: string, name: string, bytes: Uint8Array | string, { rehash = false } = {}): void {
  const b = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
  writeFileSync(join(dir, name), b);
  if (!rehash) return;
  const path = join(dir, 'checkpoint.json');
  const m = JSON.parse(readFileSync(path, 'utf8')) as CheckpointManifest;
  const entry = m.files.find((f) => f.name === name)!;
  entry.bytes = b.length;
  entry.sha256 = createHash('sha256').update(b).digest('hex');
  writeFileAtomic(path, new TextEncoder().encode(JSON.stringify(m)));
}

const read = (dir: string, name: string) => readFileSync(join(dir, name));
const lyingLength = (dir: string) => {
  const b = new Uint8Array(read(dir, 'model.safetensors'));
  new DataView(b.buffer).setBigUint64(0, 1n << 20n, true);
  return b;
};
const manifestWith = (dir: string, edit: (m: Record<string, unknown>) => void) => {
  const m = JSON.parse(read(dir, 'checkpoint.json').toString()) as Record<string, unknown>;
  edit(m);
  return JSON.stringify(m);
};

// Each row: how to damage a good checkpoint in `dir`, the file the message must name, and the problem.
const DAMAGED: [string, (dir: string) => void, string, RegExp][] = [
  ['manifest missing', (d) => unlinkSync(join(d, 'checkpoint.json')), '', /no checkpoint\.json: not a checkpoint directory/],
  ['manifest not JSON', (d) => damage(d, 'checkpoint.json', '{"format": "neu'), 'checkpoint.json', /manifest is not valid JSON/],
  ['manifest of another format', (d) => damage(d, 'checkpoint.json', '{"format":"pt"}'), 'checkpoint.json', /not a neurite checkpoint manifest \(format "pt"/],
  ['manifest from a newer version', (d) => damage(d, 'checkpoint.json', manifestWith(d, (m) => (m.formatVersion = 9))), 'checkpoint.json', /format version 9 is not supported/],
  ['manifest entry malformed', (d) => damage(d, 'checkpoint.json', manifestWith(d, (m) => ((m.files as unknown[])[0] = { name: '../x', bytes: 1, sha256: 'a' }))), 'checkpoint.json', /manifest entry .* is malformed/],
  ['manifest without the weights', (d) => damage(d, 'checkpoint.json', manifestWith(d, (m) => (m.files = (m.files as { name: string }[]).filter((f) => f.name !== 'model.safetensors')))), 'checkpoint.json', /does not list model\.safetensors/],
  ['weights missing', (d) => unlinkSync(join(d, 'model.safetensors')), 'model.safetensors', /file is missing/],
  ['weights truncated', (d) => damage(d, 'model.safetensors', read(d, 'model.safetensors').subarray(0, 100)), 'model.safetensors', /header length 400 is larger than the rest of the file \(92 bytes; truncated file/],
  ['weights truncated inside the data', (d) => damage(d, 'model.safetensors', read(d, 'model.safetensors').subarray(0, 510)), 'model.safetensors', /out of range of the/],
  ['weights with bytes appended', (d) => damage(d, 'model.safetensors', Buffer.concat([read(d, 'model.safetensors'), Buffer.from([0, 0])])), 'model.safetensors', /bytes \[112,114\) at the end of the data buffer belong to no tensor/],
  ['description with bytes appended', (d) => damage(d, 'model.json', Buffer.concat([read(d, 'model.json'), Buffer.from('  ')])), 'model.json', /bytes but the manifest says .* \(truncated or changed/],
  ['weights with one byte flipped', (d) => { const b = read(d, 'model.safetensors'); b[b.length - 1]! ^= 1; damage(d, 'model.safetensors', b); }, 'model.safetensors', /SHA-256 does not match the manifest/],
  ['weights with a lying header length (manifest updated)', (d) => damage(d, 'model.safetensors', lyingLength(d), { rehash: true }), 'model.safetensors', /header length 1048576 is larger than the rest of the file/],
  ['weights in a wrong dtype (manifest updated)', (d) => damage(d, 'model.safetensors', Buffer.from(read(d, 'model.safetensors').toString('latin1').replace('"F32"', '"F33"'), 'latin1'), { rehash: true }), 'model.safetensors', /unknown dtype "F33"/],
  ['description not JSON (manifest updated)', (d) => damage(d, 'model.json', '{"architecture": ', { rehash: true }), 'model.json', /not valid JSON/],
  ['description truncated', (d) => damage(d, 'model.json', read(d, 'model.json').subarray(0, 10)), 'model.json', /file is 10 bytes but the manifest says/],
  ['optimizer tensors missing', (d) => unlinkSync(join(d, 'optimizer.safetensors')), 'optimizer.safetensors', /file is missing/],
  ['optimizer JSON names a tensor not in the file (manifest updated)', (d) => damage(d, 'optimizer.safetensors', encodeSafetensors({}), { rehash: true }), 'optimizer.json', /refers to tensor "state\.0\.expAvg", which is not in the tensor file/],
  ['optimizer JSON not JSON (manifest updated)', (d) => damage(d, 'optimizer.json', 'nope', { rehash: true }), 'optimizer.json', /not valid JSON/],
  ['trainer state damaged (same size)', (d) => damage(d, 'state.json', read(d, 'state.json').toString().replace('"epoch": 2', '"epoch": 7')), 'state.json', /SHA-256 does not match/],
  ['trainer state not JSON (manifest updated)', (d) => damage(d, 'state.json', '{"epoch": 3', { rehash: true }), 'state.json', /not valid JSON/],
];

describe('damaged checkpoints are refused, naming the file and the problem', () => {
  for (const [name, hurt, file, pattern] of DAMAGED) {
    test(name, () => {
      withTempDir((dir) => {
        saveCheckpoint(dir, checkpointA());
        hurt(dir);
        assert.throws(() => loadCheckpoint(dir), (e: Error) => {
          assert.ok(e instanceof CheckpointError, `${e.name}: ${e.message}`);
          assert.ok(e.message.startsWith(`${join(dir, file)}: `), e.message);
          assert.match(e.message, pattern);
          return true;
        });
      });
    });
  }

  test('a directory that does not exist, and a file instead of a directory', () => {
    withTempDir((dir) => {
      assert.throws(() => loadCheckpoint(join(dir, 'nope')), (e: Error) => e.message === `${join(dir, 'nope')}: no such checkpoint directory`);
      writeFileSync(join(dir, 'f'), 'x');
      assert.throws(() => loadCheckpoint(join(dir, 'f')), /is not a directory/);
    });
  });

  test('a save over a damaged committed save refuses to roll it forward', () => {
    withTempDir((dir) => {
      saveCheckpoint(dir, checkpointA());
      writeFileSync(join(dir, 'checkpoint.pending.json'), read(dir, 'checkpoint.json'));
      damage(dir, 'state.json', '{}');
      assert.throws(() => saveCheckpoint(dir, checkpointB()), /state\.json: file is 2 bytes but the manifest says 200/);
      assert.equal(existsSync(join(dir, 'model.json.next')), false);
    });
  });
});
