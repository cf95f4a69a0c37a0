// CSV datasets: malformed inputs (each error names the exact line and column), imputation,
// categorical one-hot encoding, label mapping, task detection and re-encoding new rows with the schema.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { checkCsvSchema, csvDataset, encodeCsvRows, encodeRecords, type CsvDatasetOptions } from '../../src/data/index.js';
import { loadCsv } from '../../src/data/node-index.js';
import { ValueError } from '../../src/errors.js';

const FRUIT = fileURLToPath(new URL('../fixtures/data/fruit.csv', import.meta.url));

function rejects(fn: () => unknown, message: string): void {
  assert.throws(fn, (e: Error) => {
    assert.ok(e instanceof ValueError, `not a ValueError: ${e}`);
    assert.equal(e.message, message);
    return true;
  });
}

describe('malformed CSV: one clear error each, naming line and column', () => {
  const cases: [string, string, CsvDatasetOptions, string][] = [
    ['empty file', '', {}, 'f.csv: the file is empty (expected a header row with column names)'],
    ['blank lines only', '\n \n', {}, 'f.csv: the file is empty (expected a header row with column names)'],
    ['header only', 'a,b\n', {}, 'f.csv: has a header but no data rows'],
    ['duplicate header', 'a,b,a\n1,2,3\n', {}, 'f.csv: line 1: duplicate column name "a" in the header (columns 1 and 3)'],
    ['empty header name', 'a,,c\n1,2,3\n', {}, 'f.csv: line 1: column 2 of the header has an empty name'],
    ['short row', 'a,b,c\n1,2,3\n4,5\n', {}, 'f.csv: line 3: expected 3 fields (as in the header), found 2'],
    ['long row after a blank line', 'a,b\n1,2\n\n3,4,5\n', {}, 'f.csv: line 4: expected 2 fields (as in the header), found 3'],
    ['unknown target', 'a,b\n1,2\n', { target: 'y' }, 'f.csv: target column "y" not found; columns are: a, b'],
    ['unknown categorical column', 'a,b\n1,2\n', { categorical: ['z'] }, 'f.csv: categorical column "z" not found; columns are: a, b'],
    ['missing numeric value', 'a,b,y\n1,2,0\n3,,1\n', {}, `f.csv: line 3, column "b": missing value (pass impute: 'mean' | 'median' | 'mostFrequent' to fill it)`],
    ['NA numeric value', 'a,b,y\n1,2,0\n3,4,1\nNA,5,0\n', {}, `f.csv: line 4, column "a": missing value (pass impute: 'mean' | 'median' | 'mostFrequent' to fill it)`],
    [
      'non-numeric in a numeric column',
      'a,b,y\n1,2,0\n3,4,1\n5,x7,0\n',
      {},
      `f.csv: line 4, column "b": "x7" is not a number (the column is numeric; fix the value, pass impute: 'mean' | 'median' | 'mostFrequent' to fill it, or declare the column categorical)`,
    ],
    ['hex is not a number', 'a,y\n1,0\n2,1\n0x10,0\n', {}, `f.csv: line 4, column "a": "0x10" is not a number (the column is numeric; fix the value, pass impute: 'mean' | 'median' | 'mostFrequent' to fill it, or declare the column categorical)`],
    ['missing categorical value', 'c,y\nred,0\n,1\n', {}, `f.csv: line 3, column "c": missing value (pass impute: 'mean' | 'median' | 'mostFrequent' to fill it)`],
    ['missing target', 'a,y\n1,cat\n2,\n', {}, 'f.csv: line 3, column "y": missing target value (rows without a target cannot be used)'],
    ['non-numeric regression target', 'a,y\n1,2.5\n2,abc\n', { task: 'regression' }, 'f.csv: line 3, column "y": "abc" is not a number (the target of a regression must be numeric)'],
    ['line numbers count quoted newlines', 'a,c,y\n1,"two\nlines",0\n3x,red,1\n4,red,0\n6,blue,1\n', {}, `f.csv: line 4, column "a": "3x" is not a number (the column is numeric; fix the value, pass impute: 'mean' | 'median' | 'mostFrequent' to fill it, or declare the column categorical)`],
    ['CRLF line endings', 'a,y\r\n1,0\r\n2,1\r\n?,0\r\n', {}, `f.csv: line 4, column "a": missing value (pass impute: 'mean' | 'median' | 'mostFrequent' to fill it)`],
    ['unclosed quote', 'a,b\n1,2\n3,"x\n4,5\n', {}, 'f.csv: malformed CSV: Quote Not Closed: the parsing is finished with an opening quote at line 4'],
    ['only the target', 'y\n1\n', {}, 'f.csv: no input columns left besides the target "y"'],
    ['bad impute', 'a,y\n1,0\n', { impute: 'zero' as 'mean' }, `f.csv: impute must be 'mean', 'median' or 'mostFrequent', got "zero"`],
  ];
  for (const [what, text, opts, message] of cases) {
    test(what, () => rejects(() => csvDataset(text, { file: 'f.csv', ...opts }), message));
  }
});

describe('csvDataset', () => {
  test('numeric and categorical features, string labels mapped to sorted indices', () => {
    const ds = csvDataset('size,color,label\n1.5,red,cat\n2,blue,dog\n0.5,red,cat\n3,green,bird\n', { file: 'pets.csv' });
    assert.equal(ds.name, 'pets');
    assert.equal(ds.task, 'classification');
    assert.deepEqual(ds.classNames, ['bird', 'cat', 'dog']);
    assert.deepEqual(ds.featureNames, ['size', 'color=blue', 'color=green', 'color=red']);
    assert.deepEqual(ds.x.shape, [4, 4]);
    assert.deepEqual(Array.from(ds.x.data), [1.5, 0, 0, 1, 2, 1, 0, 0, 0.5, 0, 0, 1, 3, 0, 1, 0]);
    assert.deepEqual(Array.from(ds.y.data), [1, 2, 1, 0]);
    assert.equal(ds.y.dtype, 'int32');
    assert.deepEqual(ds.schema.columns[1], { name: 'color', kind: 'categorical', categories: ['blue', 'green', 'red'] });
  });
  test('target option, ignored columns, forced categorical', () => {
    const ds = csvDataset('id,label,zip,w\n1,a,100,2\n2,b,200,3\n3,a,100,4\n', { target: 'label', ignore: ['id'], categorical: ['zip'] });
    assert.deepEqual(ds.featureNames, ['zip=100', 'zip=200', 'w']);
    assert.deepEqual(Array.from(ds.y.data), [0, 1, 0]);
  });
  test('task detection: few distinct integers → classification (numeric order), reals → regression, override', () => {
    const cls = csvDataset('a,y\n1,10\n2,2\n3,10\n4,2\n5,10\n6,2.0\n');
    assert.equal(cls.task, 'classification');
    assert.deepEqual(cls.classNames, ['2', '10']);
    assert.deepEqual(Array.from(cls.y.data), [1, 0, 1, 0, 1, 0]);
    const reg = csvDataset('a,y\n1,0.5\n2,1.5\n3,2.25\n');
    assert.equal(reg.task, 'regression');
    assert.deepEqual(reg.y.shape, [3, 1]);
    assert.equal(reg.y.dtype, 'float32');
    assert.deepEqual(Array.from(reg.y.data), [0.5, 1.5, 2.25]);
    assert.equal(reg.classNames, undefined);
    const many = csvDataset('a,y\n' + Array.from({ length: 60 }, (_, i) => `${i},${i}`).join('\n'));
    assert.equal(many.task, 'regression');
    assert.equal(csvDataset('a,y\n1,10\n2,2\n3,10\n', { task: 'regression' }).task, 'regression');
    assert.equal(csvDataset('a,y\n1,0.5\n2,1.5\n', { task: 'classification' }).classNames!.length, 2);
  });
  test('imputation: mean, median, mostFrequent; categorical missing → most frequent', () => {
    const text = 'a,c,y\n1,red,0\n,blue,1\n2,,0\n6,red,1\n2,red,0\n';
    const mean = csvDataset(text, { impute: 'mean' });
    assert.equal(mean.x.data[3], 2.75); // row 1, column a: (1 + 2 + 6 + 2) / 4
    assert.deepEqual(mean.schema.columns[0], { name: 'a', kind: 'numeric', fill: 2.75 });
    assert.deepEqual(mean.schema.columns[1], { name: 'c', kind: 'categorical', categories: ['blue', 'red'], fill: 'red' });
    assert.deepEqual(Array.from(mean.x.data.subarray(6, 9)), [2, 0, 1]); // row 2: c imputed as red
    assert.equal(csvDataset(text, { impute: 'median' }).x.data[3], 2);
    assert.equal(csvDataset(text, { impute: 'mostFrequent' }).x.data[3], 2);
    // non-numeric values in a numeric column are imputed too when asked
    assert.equal(csvDataset('a,y\n1,0\n3,1\nx,0\n', { impute: 'mean' }).x.data[2], 2);
  });
  test('the fixture file: quoted fields with commas, missing values imputed', () => {
    const ds = loadCsv(FRUIT, { impute: 'median' });
    assert.equal(ds.name, 'fruit');
    assert.equal(ds.source, `CSV file ${FRUIT}`);
    assert.deepEqual(ds.classNames, ['apple', 'banana', 'orange']);
    assert.deepEqual(ds.featureNames, ['weight_g', 'color=green', 'color=orange', 'color=red', 'color=yellow', 'diameter_cm', 'origin=Ecuador', 'origin=Italy', 'origin=Spain, Valencia']);
    assert.deepEqual(ds.x.shape, [8, 9]);
    assert.equal(ds.x.data[5 * 9], 130); // NA weight → median of 150,170,120,130,118,160,125
    assert.equal(ds.x.data[3 * 9 + 5], Math.fround(7.2)); // empty diameter → median
    rejects(() => loadCsv(FRUIT), `${FRUIT}: line 5, column "diameter_cm": missing value (pass impute: 'mean' | 'median' | 'mostFrequent' to fill it)`);
  });
});

describe('schema: encoding new rows the same way', () => {
  const train = csvDataset('size,color,label\n1.5,red,cat\n2,blue,dog\n,red,cat\n3,green,bird\n', { impute: 'mean', file: 'train.csv' });
  test('the schema survives JSON and re-encodes the training rows identically', () => {
    const schema = checkCsvSchema(JSON.parse(JSON.stringify(train.schema)));
    const enc = encodeCsvRows('size,color,label\n1.5,red,cat\n2,blue,dog\n,red,cat\n3,green,bird\n', schema);
    assert.deepEqual(Array.from(enc.x.data), Array.from(train.x.data));
    assert.deepEqual(Array.from(enc.y!.data), Array.from(train.y.data));
  });
  test('column order may differ, extra columns are ignored, the target is optional', () => {
    const enc = encodeCsvRows('note,color,size\nhi,green,4\nyo,red,\n', train.schema, { file: 'new.csv' });
    assert.equal(enc.y, undefined);
    assert.deepEqual(Array.from(enc.x.data), [4, 0, 1, 0, Math.fround(6.5 / 3), 0, 0, 1]);
  });
  test('records (JSON input) encode like CSV rows', () => {
    const enc = encodeRecords([{ size: 4, color: 'green' }, { size: null, color: 'red', label: 'x' }], train.schema);
    assert.deepEqual(Array.from(enc.x.data.subarray(0, 4)), [4, 0, 1, 0]);
    assert.equal(enc.y, undefined);
    const withY = encodeRecords([{ size: 1, color: 'blue', label: 'dog' }], train.schema);
    assert.deepEqual(Array.from(withY.y!.data), [2]);
  });
  test('predict-time errors name line/record and column', () => {
    rejects(() => encodeCsvRows('size,color\n1,purple\n', train.schema, { file: 'new.csv' }), 'new.csv: line 2, column "color": unknown category "purple" (known: blue, green, red)');
    rejects(() => encodeCsvRows('size\n1\n', train.schema, { file: 'new.csv' }), 'new.csv: column "color" is missing (the model was trained on: size, color)');
    rejects(() => encodeCsvRows('size,color,label\n1,red,cat\n2,red,cow\n', train.schema, { file: 'new.csv' }), 'new.csv: line 3, column "label": unknown class "cow" (classes: bird, cat, dog)');
    rejects(() => encodeRecords([{ size: 1, color: 'red' }, { size: 2 }], train.schema, { file: 'in.json' }), 'in.json: record 1: column "color" is missing');
    rejects(() => encodeRecords([null as unknown as Record<string, unknown>], train.schema, { file: 'in.json' }), 'in.json: record 0 is not an object');
    const ignore = encodeCsvRows('size,color\n1,purple\n', train.schema, { unknownCategory: 'ignore' });
    assert.deepEqual(Array.from(ignore.x.data), [1, 0, 0, 0]);
    const strict = csvDataset('size,color,label\n1,red,a\n2,blue,b\n');
    rejects(() => encodeCsvRows('size,color\n,red\n', strict.schema), 'CSV: line 2, column "size": missing value');
    rejects(() => encodeCsvRows('size,color\nbig,red\n', strict.schema), 'CSV: line 2, column "size": "big" is not a number');
  });
  test('checkCsvSchema rejects what is not a schema', () => {
    rejects(() => checkCsvSchema({}), 'CSV schema: not a neurite CSV schema (format must be "neurite-csv-schema")');
    rejects(() => checkCsvSchema({ ...train.schema, featureNames: ['a'] }), 'CSV schema: columns encode 4 features but featureNames has 1');
  });
});
