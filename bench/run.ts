// `npm run bench`: neurite (wasm on 1 and 2 threads, cpu) against TensorFlow.js (cpu, wasm) and, when
// importable, PyTorch: matmul n=1024 GFLOP/s, MLP 784-256-128-10 training (batch 128, 32) and
// inference (batch 1000) samples/s, with ratios and peak RSS. Writes bench/results.json.

import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { randn, setBackend, withBackend } from '../src/index.js';
import { setNumThreads, waitForThreads } from '../src/backend/wasm/index.js';
import { neuriteMatmul, neuriteMlp, timeIt } from './workloads.js';
import { tfjsMatmul, tfjsMlp, useTfjs } from './tfjs-workloads.js';
import { torchResults } from './torch-workloads.js';
import { runCnnBench } from './cnn-workloads.js';

type Row = Record<string, number | null>;
const BUDGET = Number(process.env.BENCH_BUDGET ?? 1.5);
const results: Record<string, Row> = {};
const peakRss = (): number => Math.round(process.resourceUsage().maxRSS / 1024);

function record(workload: string, who: string, value: number | null): void {
  (results[workload] ??= {})[who] = value;
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

console.log(`neurite bench on ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}`);
neurite('neurite-wasm-1t', 'wasm', 1);
neurite('neurite-wasm-2t', 'wasm', 2);
neurite('neurite-cpu', 'cpu', 1);
setBackend('wasm');

for (const name of ['cpu', 'wasm'] as const) {
  const label = `tfjs-${name}`;
  if (!(await useTfjs(name))) {
    for (const w of ['matmul_gflops', 'train_128', 'train_32', 'infer_1000']) record(w, label, null);
    continue;
  }
  record('matmul_gflops', label, tfjsMatmul(1024, name === 'cpu' ? 0.1 : BUDGET));
  for (const batch of [128, 32]) {
    const r = tfjsMlp(batch, BUDGET);
    record(`train_${batch}`, label, batch / r.train);
    if (batch === 128) results.infer_1000 = { ...results.infer_1000, [label]: 1000 / r.infer };
  }
  record('infer_1000', label, results.infer_1000![label]!);
}

await runCnnBench(record, BUDGET);

const torch = torchResults();
for (const w of ['matmul_gflops', 'train_128', 'train_32', 'infer_1000']) {
  record(w, 'pytorch', torch ? torch[w]! : null);
}

console.log('\nratio neurite-wasm-2t / peer:');
for (const [w, row] of Object.entries(results)) {
  const ours = row['neurite-wasm-2t'];
  const parts = Object.entries(row)
    .filter(([who, v]) => !who.startsWith('neurite') && v !== null && ours)
    .map(([who, v]) => `${who} ${(ours! / v!).toFixed(2)}x`);
  console.log(`  ${w.padEnd(18)} ${parts.join('   ')}`);
}
const out = {
  date: new Date().toISOString(),
  machine: { cores: cpus().length, cpu: cpus()[0]?.model ?? null, node: process.version },
  units: { matmul_gflops: 'GFLOP/s (n=1024 float32)', train_128: 'samples/s', train_32: 'samples/s', infer_1000: 'samples/s',
    train_cnn_64: 'samples/s (CNN training, batch 64; tfjs-wasm 4.22 cannot run it: no Conv2DBackpropFilter kernel)' },
  results,
  peakRssMiB: peakRss(),
};
writeFileSync(new URL('./results.json', import.meta.url), `${JSON.stringify(out, null, 2)}\n`);
console.log(`\nwrote bench/results.json (peak RSS ${peakRss()} MiB)`);
