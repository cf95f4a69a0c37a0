// Renders bench/results.json (written by `npm run bench`) as the Markdown table of the README's
// "Performance" section, so the README always shows measured numbers. `--write` replaces the text
// between the bench-table markers in README.md; without it the table is printed.
import { readFileSync, writeFileSync } from 'node:fs';

const COLUMNS = ['neurite-wasm-2t', 'neurite-wasm-1t', 'neurite-cpu', 'tfjs-wasm', 'tfjs-cpu', 'pytorch'];
const LABELS = {
  matmul_gflops: 'matmul n=1024 (GFLOP/s)',
  train_128: 'MLP training, batch 128 (samples/s)',
  train_32: 'MLP training, batch 32 (samples/s)',
  infer_1000: 'MLP inference, batch 1000 (samples/s)',
  fashion_s_to_87: 'Fashion-MNIST MLP to 87% test acc. (s of training)',
  train_cnn_64: 'CNN training, batch 64 (samples/s)',
  train_lstm_64: 'LSTM 32-128, T=50, training, batch 64 (sequences/s)',
};

const fmt = (v) => (v === null || v === undefined ? '–' : v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(1));

/** The Markdown for one results object. */
export function renderTable(r) {
  const cols = COLUMNS.filter((c) => Object.values(r.results).some((row) => row[c] !== undefined));
  const lines = [
    `| workload | ${cols.join(' | ')} | neurite-wasm-2t / tfjs-wasm |`,
    `|---|${cols.map(() => '---:').join('|')}|---:|`,
  ];
  for (const [w, row] of Object.entries(r.results)) {
    const ratio = r.ratios?.[w]?.['tfjs-wasm'];
    lines.push(`| ${LABELS[w] ?? w} | ${cols.map((c) => fmt(row[c])).join(' | ')} | ${ratio ? `${ratio.toFixed(1)}x` : '–'} |`);
  }
  const m = r.memory;
  const notes = [
    '',
    `Measured ${r.date.slice(0, 10)} on ${r.machine.cores} cores (${r.machine.cpu}), Node ${r.machine.node}; ` +
      `peak RSS of the whole bench ${r.peakRssMiB} MiB` +
      (r.loadAverage ? `; 1-minute load average ${r.loadAverage.start.toFixed(1)} at the start, ${r.loadAverage.end.toFixed(1)} at the end.` : '.'),
  ];
  if (r.wasm) {
    notes.push(
      `neurite's wasm kernels ran ${r.wasm.relaxedSimd ? 'with relaxed SIMD (fused multiply-add; the bench enables it as the CLI does, `NEURITE_WASM_RELAXED=0` measures without)' : 'without relaxed SIMD'}.`,
    );
  }
  if (r.fashion) {
    notes.push(
      `Fashion-MNIST: ${(100 * r.fashion.accuracy).toFixed(1)}% test accuracy after ${r.fashion.epochs.toFixed(2)} epochs ` +
        `(Adam lr ${r.fashion.lr ?? 1e-3}, batch ${r.fashion.batch ?? 128}, evaluated every ${r.fashion.evalSamples ?? 12800} training samples; evaluation time not counted).`,
    );
  }
  if (m) {
    notes.push(
      `Memory over ${m.steps} MLP training steps (after 50 warm-up steps): RSS ${m.rssStartMiB} -> ${m.rssEndMiB} MiB, ` +
        `wasm memory ${m.wasmStartMiB} -> ${m.wasmEndMiB} MiB.`,
    );
  }
  return [...lines, ...notes].join('\n');
}

const results = JSON.parse(readFileSync(new URL('../bench/results.json', import.meta.url), 'utf8'));
const table = renderTable(results);
if (process.argv.includes('--write')) {
  const path = new URL('../README.md', import.meta.url);
  const readme = readFileSync(path, 'utf8');
  const start = '<!-- bench-table:start -->';
  const end = '<!-- bench-table:end -->';
  const i = readme.indexOf(start);
  const j = readme.indexOf(end);
  if (i < 0 || j < i) throw new Error(`bench-table: README.md has no ${start} ... ${end} markers`);
  writeFileSync(path, `${readme.slice(0, i + start.length)}\n${table}\n${readme.slice(j)}`);
  console.log('bench-table: updated README.md');
} else {
  console.log(table);
}
