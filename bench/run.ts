// `npm run bench`: neurite (wasm on 1 and 2 threads, cpu) against TensorFlow.js (cpu, wasm) and, when
// importable, PyTorch: matmul n=1024 GFLOP/s, MLP 784-256-128-10 training (batch 128, 32) and
// inference (batch 1000) samples/s, Fashion-MNIST time to 87% test accuracy, and memory over a long
// training run; prints ratios and peak RSS and writes bench/results.json (scripts/bench-table.mjs
// renders it for the README).

import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { randn, setBackend, wasmFeatures, withBackend } from '../src/index.js';
import { enableRelaxedSimd } from '../src/node.js';
import { setNumThreads, waitForThreads } from '../src/backend/wasm/index.js';
import { neuriteMatmul, neuriteMlp, timeIt } from './workloads.js';
import { fashionAvailable, fashionTimeToAccuracy, memoryOverRun, type MemoryRun, type TimeToAccuracy } from './fashion-mnist.js';
import { tfjsMatmul, tfjsMlp, useTfjs } from './tfjs-workloads.js';
import { torchResults } from './torch-workloads.js';
import { runCnnBench } from './cnn-workloads.js';
import { runLstmBench } from './rnn-workloads.js';

type Row = Record<string, number | null>;
const BUDGET = Number(process.env.BENCH_BUDGET ?? 1.5);
const MEMORY_STEPS = Number(process.env.BENCH_MEMORY_STEPS ?? 1500);
const FASHION = process.env.BENCH_FASHION !== '0';
const results: Record<string, Row> = {};
const rssAt: Record<string, Row> = {};
const peakRss = (): number => Math.round(process.resourceUsage().maxRSS / 1024);

/** What each row measures; `lowerIsBetter` rows are times, the others rates. */
const UNITS: Record<string, { unit: string; lowerIsBetter?: boolean }> = {
  matmul_gflops: { unit: 'GFLOP/s (n=1024 float32)' },
  train_128: { unit: 'samples/s (MLP training, batch 128)' },
  train_32: { unit: 'samples/s (MLP training, batch 32)' },
  infer_1000: { unit: 'samples/s (MLP inference, batch 1000)' },
  fashion_s_to_87: { unit: 's of training to 87% Fashion-MNIST test accuracy', lowerIsBetter: true },
  train_cnn_64: { unit: 'samples/s (CNN training, batch 64; tfjs-wasm 4.22 cannot run it: no Conv2DBackpropFilter kernel)' },
  train_lstm_64: { unit: 'sequences/s (LSTM 32-128 over T=50 + linear to 10 classes, training, batch 64)' },
};

function record(workload: string, who: string, value: number | null): void {
  (results[workload] ??= {})[who] = value;
  (rssAt[workload] ??= {})[who] = value === null ? null : peakRss();
  const v = value === null ? 'skipped' : value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(2);
  console.log(`  ${workload.padEnd(18)} ${who.padEnd(16)} ${v.padStart(12)}   (peak RSS ${peakRss()} MiB)`);
}

function neurite(label: string, backend: 'cpu' | 'wasm', threads: number): void {
  withBackend(backend, () => {
    if (backend === 'wasm') {
      setNumThreads(threads);
      waitForThreads();
    }
    record('matmul_gflops', label, neuriteMatmul(1024, backend === 'cpu' ? 0.1 : BUDGET));
    for (const batch of [128, 32]) {
      const mlp = neuriteMlp(batch);
      record(`train_${batch}`, label, batch / timeIt(mlp.train, { budget: BUDGET }));
    }
    const mlp = neuriteMlp(1000);
    const x = randn([1000, 784]);
    record('infer_1000', label, 1000 / timeIt(() => void mlp.infer(x), { budget: BUDGET }));
  });
}

// As the `neurite` CLI does: fused multiply-add where Node has it behind a flag (NEURITE_WASM_RELAXED=0 measures without).
enableRelaxedSimd();
const features = wasmFeatures()!;

// NOTE: the load average is recorded because other processes on a shared machine skew every row.
const loadStart = loadavg()[0]!;
console.log(
  `neurite bench on ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}, load average ${loadStart.toFixed(1)}, ` +
    `wasm kernels ${features.relaxedSimd ? 'with' : 'without'} relaxed SIMD`,
);
neurite('neurite-wasm-1t', 'wasm', 1);
neurite('neurite-wasm-2t', 'wasm', 2);
neurite('neurite-cpu', 'cpu', 1);
setBackend('wasm');
setNumThreads(2);

let fashion: TimeToAccuracy | null = null;
if (FASHION && fashionAvailable()) {
  fashion = fashionTimeToAccuracy({ maxSeconds: 120 });
  record('fashion_s_to_87', 'neurite-wasm-2t', fashion.seconds);
  console.log(`    (test accuracy ${(100 * fashion.accuracy).toFixed(1)}% after ${fashion.epochs.toFixed(2)} epochs)`);
} else {
  console.log('  fashion_s_to_87    skipped (install the Debian package dataset-fashion-mnist, or BENCH_FASHION=0 was set)');
}

const memMlp = neuriteMlp(128);
const memory: MemoryRun = memoryOverRun(memMlp.train, { steps: MEMORY_STEPS });
console.log(
  `  memory over ${memory.steps} MLP steps: RSS ${memory.rssStartMiB} -> ${memory.rssEndMiB} MiB, ` +
    `wasm memory ${memory.wasmStartMiB} -> ${memory.wasmEndMiB} MiB`,
);

for (const name of ['cpu', 'wasm'] as const) {
  const label = `tfjs-${name}`;
  if (!(await useTfjs(name))) {
    for (const w of ['matmul_gflops', 'train_128', 'train_32', 'infer_1000']) record(w, label, null);
    continue;
  }
  record('matmul_gflops', label, tfjsMatmul(1024, name === 'cpu' ? 0.1 : BUDGET));
  let infer = 0;
  for (const batch of [128, 32]) {
    const r = tfjsMlp(batch, BUDGET);
    record(`train_${batch}`, label, batch / r.train);
    if (batch === 128) infer = 1000 / r.infer;
  }
  record('infer_1000', label, infer);
}

await runCnnBench(record, BUDGET);
await runLstmBench(record, BUDGET);

const torch = torchResults();
for (const w of Object.keys(UNITS)) {
  if (w === 'fashion_s_to_87' && !fashion) continue;
  record(w, 'pytorch', torch?.[w] ?? null);
}

/** neurite-wasm-2t relative to a peer: > 1 means neurite is faster (rates divided, times inverted). */
function ratio(w: string, ours: number, theirs: number): number {
  return UNITS[w]?.lowerIsBetter ? theirs / ours : ours / theirs;
}

console.log('\nspeed ratio neurite-wasm-2t / peer (> 1: neurite faster):');
const ratios: Record<string, Row> = {};
for (const [w, row] of Object.entries(results)) {
  const ours = row['neurite-wasm-2t'];
  const parts: string[] = [];
  for (const [who, v] of Object.entries(row)) {
    if (who.startsWith('neurite') || v === null || v === undefined || !ours) continue;
    (ratios[w] ??= {})[who] = ratio(w, ours, v);
    parts.push(`${who} ${ratio(w, ours, v).toFixed(2)}x`);
  }
  console.log(`  ${w.padEnd(18)} ${parts.join('   ') || '(no peer measured)'}`);
}
const out = {
  date: new Date().toISOString(),
  machine: { cores: cpus().length, cpu: cpus()[0]?.model ?? null, node: process.version },
  wasm: { relaxedSimd: features.relaxedSimd, sharedMemory: features.sharedMemory },
  loadAverage: { start: loadStart, end: loadavg()[0]! },
  units: Object.fromEntries(Object.entries(UNITS).map(([k, v]) => [k, v.unit])),
  results,
  ratios,
  peakRssMiBAfter: rssAt,
  fashion,
  memory,
  peakRssMiB: peakRss(),
};
writeFileSync(new URL('./results.json', import.meta.url), `${JSON.stringify(out, null, 2)}\n`);
console.log(`\nwrote bench/results.json (peak RSS ${peakRss()} MiB)`);
