// CSV input bounded (issue 15, items 9, 11 and 13): wide files in linear time, capped field and
// record sizes with short messages, invalid UTF-8 named by line, and float32 overflow by line and column.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ValueError } from '../../src/index.js';
import { csvDataset, encodeCsvRows, readCsvTable } from '../../src/data/index.js';
import { MAX_CSV_FIELD_CHARS } from '../../src/data/csv-read.js';
import { firstInvalidUtf8, readTextFile } from '../../src/data/node-csv.js';

const dir = mkdtempSync(join(tmpdir(), 'neurite-csv-limits-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

function refuses(fn: () => unknown, re: RegExp): string {
  let msg = '';
  assert.throws(fn, (e: unknown) => {
    msg = (e as Error).message;
    return e instanceof ValueError && re.test(msg);
  }, msg);
  assert.ok(msg.length < 400, `short message: ${msg.length} characters`);
  return msg;
}

test('regression: 200,000 columns load (the encoder looked up every column per row with indexOf: quadratic)', () => {
  const cols = 200_000;
  const header = `${Array.from({ length: cols }, (_, i) => `c${i}`).join(',')},y`;
  const row = (r: number): string => `${Array.from({ length: cols }, (_, i) => (i + r) % 7).join(',')},${r % 2}`;
  const text = `${header}\n${[0, 1, 2, 3].map(row).join('\n')}\n`;
  const ds = csvDataset(text, { file: 'wide.csv' });
  assert.deepEqual(ds.x.shape, [4, cols]);
  assert.equal(ds.x.data[cols + 5], (5 + 1) % 7);
  const enc = encodeCsvRows(text, ds.schema, { file: 'wide.csv' });
  assert.deepEqual(Array.from(enc.x.data.subarray(0, 10)), Array.from(ds.x.data.subarray(0, 10)));
});

test('regression: a field longer than the cap is refused naming line and column, the value cut to ~80 characters with its length', () => {
  const big = 'x'.repeat(MAX_CSV_FIELD_CHARS + 10);
  const msg = refuses(() => readCsvTable(`a,b\n1,2\n3,${big}\n`, { file: 'f.csv' }), /^f\.csv: line 3: a field longer than 1048576 characters/);
  assert.doesNotMatch(msg, /x{100}/);
  const quoted = refuses(() => readCsvTable(`a,b\n1,"${big}"\n`, { file: 'f.csv' }), /^f\.csv: line 2: a field longer than/);
  assert.ok(quoted.length < 200);
});

test('echoed values are cut to ~80 characters with their length', () => {
  const long = 'v'.repeat(5000);
  const msg = refuses(() => csvDataset(`a,b,y\n1,2,0\n3,4,1\n5,${long},0\n`, { file: 'f.csv' }), /line 4, column "b": "v+\.\.\." \(5000 characters\) is not a number/);
  assert.ok(msg.length < 300);
  refuses(() => csvDataset('a,y\n1,0\n', { file: 'f.csv', target: 't'.repeat(3000) }), /target column "t+\.\.\." \(3000 characters\) not found/);
});

test('the linear scanner reads quoting, CRLF, BOM, blank lines and trimming like csv-parse did', () => {
  const t = readCsvTable('\ufeffa , "b,1"\r\n\r\n 1 ,"x ""y"""\n\n2,"two\nlines"\n3,  \n', { file: 'f.csv' });
  assert.deepEqual(t.header, ['a', 'b,1']);
  assert.deepEqual(t.rows, [['1', 'x "y"'], ['2', 'two\nlines'], ['3', '']]);
  assert.deepEqual(t.lines, [3, 5, 7]);
  // quoting it cannot read goes to csv-parse, whose message is kept
  refuses(() => readCsvTable('a,b\n1,x"y\n', { file: 'f.csv' }), /^f\.csv: malformed CSV: /);
});

test('regression: a number beyond float32 is named by line and column (was: "row 1, feature 0 is Infinity" in the shuffled split)', () => {
  refuses(() => csvDataset('a,b,y\n1,2,0\n3.5e38,4,1\n', { file: 'f.csv' }), /^f\.csv: line 3, column "a": "3\.5e38" exceeds float32's range/);
  refuses(() => csvDataset('a,y\n1,2\n2,-1e39\n3,4\n', { file: 'f.csv', task: 'regression' }), /^f\.csv: line 3, column "y": "-1e39" exceeds float32's range/);
  refuses(() => csvDataset('a,b,y\n1,2,0\n1e999,4,1\n', { file: 'f.csv' }), /line 3, column "a": "1e999" exceeds float32's range/);
  assert.equal(csvDataset('a,y\n3.4e38,0\n1,1\n', { file: 'f.csv' }).x.data[0], Math.fround(3.4e38));
});

test('regression: invalid UTF-8 is refused naming the line (it was silently replaced by U+FFFD); latin1 reads every byte', () => {
  const p = join(dir, 'l1.csv');
  writeFileSync(p, Buffer.from('a,label\n1,red\n2,r\xe9d\n3,r\xe8d\n', 'latin1'));
  refuses(() => readTextFile(p, 'CSV file'), /l1\.csv: line 3 is not valid UTF-8 \(byte 0xe9 at byte 4 of the line\)/);
  assert.equal(readTextFile(p, 'CSV file', { encoding: 'latin1' }).split('\n')[2], '2,r\xe9d');
  writeFileSync(p, 'a,label\n1,r\u00e9d\n2,\u{1f600}\n');
  assert.match(readTextFile(p), /r\u00e9d/);
});

test('firstInvalidUtf8 follows RFC 3629 (overlongs, surrogates, code points past U+10FFFF, truncation)', () => {
  const at = (...b: number[]): number => firstInvalidUtf8(new Uint8Array(b));
  assert.equal(at(0x61, 0xc3, 0xa9), -1);
  assert.equal(at(0xf0, 0x9f, 0x98, 0x80), -1);
  assert.equal(at(0x61, 0xc0, 0xaf), 1); // overlong
  assert.equal(at(0xed, 0xa0, 0x80), 0); // surrogate
  assert.equal(at(0xf4, 0x90, 0x80, 0x80), 0); // past U+10FFFF
  assert.equal(at(0x61, 0x62, 0xe2, 0x82), 2); // truncated
  assert.equal(at(0x80), 0);
  for (let seed = 1; seed < 300; seed++) {
    const b = new Uint8Array(12).map((_, i) => (seed * 131 + i * 97 + ((seed * i) ^ 0x5a)) & 0xff);
    let fatalOk = true;
    try { new TextDecoder('utf-8', { fatal: true }).decode(b); } catch { fatalOk = false; }
    assert.equal(firstInvalidUtf8(b) === -1, fatalOk, `bytes ${Array.from(b)}`);
  }
});

test('a FIFO or device is not read as text', () => {
  refuses(() => readTextFile('/dev/zero', 'CSV file'), /cannot read CSV file \/dev\/zero: not a regular file/);
});
