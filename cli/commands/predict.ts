// `neurite predict`: runs a saved model on rows from a CSV or JSON file and writes the predictions
// (class, class name and probabilities, or regression outputs) as CSV or JSON.

import type { Command } from 'commander';
import { extname, resolve } from 'node:path';
import { data, io, softmax, tensor, train, ValueError, type Tensor } from '../../src/index.js';
import { readTextFile, writeFileAtomic } from '../../src/node.js';
import { checkFinite, encodingOf } from '../data-source.js';
import { loadRun, type LoadedRun } from '../run-dir.js';

interface PredictFlags { model: string; input: string; output?: string; json?: boolean }

/** Parses a CSV of plain numbers (optional header row) into [N, features]. */
function numericCsv(text: string, file: string, features: number): Tensor {
  const lines = text.split(/\r?\n/).map((l, i) => ({ l: l.trim(), line: i + 1 })).filter((r) => r.l !== '');
  if (lines.length === 0) throw new ValueError(`${file}: no rows`);
  const first = lines[0]!.l.split(',');
  const rows = first.some((c) => c.trim() !== '' && !Number.isFinite(Number(c))) ? lines.slice(1) : lines;
  const out = new Float32Array(rows.length * features);
  rows.forEach(({ l, line }, r) => {
    const cells = l.split(',');
    if (cells.length !== features) throw new ValueError(`${file}: line ${line} has ${cells.length} values; the model expects ${features}`);
    cells.forEach((c, j) => {
      const v = Number(c.trim());
      const shown = c.trim().length > 80 ? `${c.trim().slice(0, 60)}... (${c.trim().length} characters)` : c.trim();
      if (c.trim() === '' || !Number.isFinite(v)) throw new ValueError(`${file}: line ${line}, column ${j + 1}: '${shown}' is not a number`);
      if (Math.abs(v) > 3.4028234663852886e38) throw new ValueError(`${file}: line ${line}, column ${j + 1}: '${shown}' exceeds float32's range (about ±3.4e38)`);
      out[r * features + j] = v;
    });
  });
  return tensor(out, { shape: [rows.length, features] });
}

/** Reads the input rows the way the model's data was encoded. */
function readInput(run: LoadedRun, file: string): Tensor {
  const desc = run.description;
  const features = io.rowSize(desc.inputShape);
  const text = readTextFile(file, 'input file', encodingOf(desc));
  if (extname(file).toLowerCase() === '.json') {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new ValueError(`${file}: not valid JSON (${(e as Error).message})`);
    }
    if (!Array.isArray(json)) throw new ValueError(`${file}: expected a JSON array of rows`);
    if (desc.schema && json.every((r) => r !== null && typeof r === 'object' && !Array.isArray(r))) {
      return data.encodeRecords(json as Record<string, unknown>[], desc.schema, { file }).x;
    }
    const out = new Float32Array(json.length * features);
    json.forEach((r, i) => {
      const flat = Array.isArray(r) ? (r as unknown[]).flat(3) : null;
      if (!flat || flat.length !== features) throw new ValueError(`${file}: row ${i} must be an array of ${features} numbers${desc.schema ? ' or an object with the CSV columns' : ''}`);
      flat.forEach((v, j) => {
        if (typeof v !== 'number' || !Number.isFinite(v)) {
          const shown = JSON.stringify(v) ?? String(v);
          throw new ValueError(`${file}: row ${i}, value ${j} is ${shown.length > 80 ? `${shown.slice(0, 60)}... (${shown.length} characters)` : shown}, not a finite number`);
        }
        if (Math.abs(v) > 3.4028234663852886e38) throw new ValueError(`${file}: row ${i}, value ${j} is ${v}, beyond float32's range (about ±3.4e38)`);
        out[i * features + j] = v;
      });
    });
    return tensor(out, { shape: [json.length, features] });
  }
  if (desc.schema) return data.encodeCsvRows(text, desc.schema, { file }).x;
  return numericCsv(text, file, features);
}

async function runPredict(o: PredictFlags): Promise<void> {
  const run = loadRun(o.model, { command: 'predict' });
  const desc = run.description;
  const raw = readInput(run, o.input);
  if (raw.shape[0] === 0) throw new ValueError(`${o.input}: no rows to predict`);
  checkFinite(raw, o.input);
  const out = train.predict(run.model, run.prep(raw));
  const rows: Record<string, unknown>[] = [];
  const n = out.shape[0]!;
  const k = out.shape[1] ?? 1;
  const names = desc.classNames ?? [];
  if (desc.task === 'classification') {
    const p = softmax(out, -1).data;
    const best = out.argmax(-1).data; // first maximum, as the class of the highest probability
    for (let i = 0; i < n; i++) {
      const c = best[i]!;
      rows.push({ row: i, class: c, className: names[c] ?? String(c), probabilities: Array.from(p.subarray(i * k, (i + 1) * k), (v) => Number(v.toFixed(6))) });
    }
  } else {
    for (let i = 0; i < n; i++) rows.push({ row: i, prediction: Array.from(out.data.subarray(i * k, (i + 1) * k)) });
  }
  const esc = (c: string): string => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
  const csv = desc.task === 'classification'
    ? `${['row', 'class', 'class_name', ...names.map((c) => esc(`p_${c}`))].join(',')}\n${rows.map((r) => [r.row, r.class, esc(String(r.className)), ...(r.probabilities as number[])].join(',')).join('\n')}\n`
    : `row,${Array.from({ length: k }, (_, j) => `prediction_${j}`).join(',')}\n${rows.map((r) => [r.row, ...(r.prediction as number[])].join(',')).join('\n')}\n`;
  if (o.output !== undefined) {
    const fileText = extname(o.output).toLowerCase() === '.json' ? `${JSON.stringify(rows, null, 1)}\n` : csv;
    writeFileAtomic(o.output, new TextEncoder().encode(fileText));
    if (o.json) process.stdout.write(`${JSON.stringify({ model: resolve(o.model), input: resolve(o.input), rows: n, output: resolve(o.output) })}\n`);
    else process.stdout.write(`wrote ${n} predictions to ${o.output}\n`);
  } else if (o.json) {
    process.stdout.write(`${JSON.stringify({ model: resolve(o.model), input: resolve(o.input), rows: n, predictions: rows })}\n`);
  } else {
    process.stdout.write(csv);
  }
}

/** Registers `predict`. */
export function registerPredict(program: Command): void {
  program
    .command('predict')
    .description('predict with a trained model: rows from a CSV or JSON file in, predictions out (CSV or JSON)')
    .requiredOption('--model <run-dir>', 'run directory written by neurite train')
    .requiredOption('--input <file>', 'CSV (the training columns, or plain numbers) or JSON (array of rows or of objects)')
    .option('--output <file>', 'write predictions there (.json or .csv) instead of stdout')
    .option('--json', 'print one JSON object with the predictions')
    .addHelpText('after', '\nExamples:\n  neurite predict --model runs/iris --input flowers.csv\n  neurite predict --model runs/mnist --input digits.json --output predictions.csv\n  neurite predict --model runs/circles --input points.csv --json')
    .action(runPredict);
}
