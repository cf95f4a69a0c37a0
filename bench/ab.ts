// Before/after timing of two checkouts in one process: `npm run bench:ab -- <git ref>` (see
// scripts/bench-ab.mjs). Both versions' modules load side by side (separate paths, so separate module
// graphs and wasm runtimes) and train the same workloads in alternating windows; the medians' ratio
// is stable where timings of separate processes swing by 20% on a shared VM.

import { enableRelaxedSimd } from '../src/node.js';

interface Version {
  label: string;
  train: Map<string, () => void>;
}

const args = process.argv.slice(2);
const opt = (name: string, def: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : def;
};
const oldRoot = opt('old', '');
if (!oldRoot) throw new Error('bench/ab.ts: pass --old <checkout directory> (npm run bench:ab -- <git ref> does)');
const workloads = opt('workloads', 'cnn,128,32').split(',');
const threads = Number(opt('threads', '2'));
const rounds = Number(opt('rounds', '12'));

enableRelaxedSimd();

/** Loads one checkout's public API and bench workloads, on the wasm backend with `threads` threads. */
async function load(label: string, root: string): Promise<Version> {
  const api = await import(`${root}/src/index.ts`);
  const { neuriteCnn } = await import(`${root}/bench/cnn-workloads.ts`);
  const { neuriteMlp } = await import(`${root}/bench/workloads.ts`);
  api.setBackend('wasm');
  api.setNumThreads(threads);
  api.waitForThreads();
  const train = new Map<string, () => void>();
  for (const w of workloads) train.set(w, w === 'cnn' ? neuriteCnn(64).train : neuriteMlp(Number(w)).train);
  return { label, train };
}

const median = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;

const versions = [await load('old', oldRoot), await load('new', new URL('..', import.meta.url).pathname.replace(/\/$/, ''))];
console.log(`bench:ab  old ${oldRoot}  new .  wasm, ${threads} thread(s), ${rounds} windows each`);
for (const w of workloads) {
  const batch = w === 'cnn' ? 64 : Number(w);
  const windowMs = w === 'cnn' ? 400 : 250;
  const rates: number[][] = [[], []];
  for (const v of versions) for (let i = 0; i < 3; i++) v.train.get(w)!();
  for (let r = 0; r < rounds; r++) {
    for (const i of r % 2 === 0 ? [0, 1] : [1, 0]) {
      const step = versions[i]!.train.get(w)!;
      step();
      const t0 = performance.now();
      let n = 0;
      while (performance.now() - t0 < windowMs) {
        step();
        n++;
      }
      rates[i]!.push((batch * n) / ((performance.now() - t0) / 1000));
    }
  }
  const [o, n] = rates.map(median) as [number, number];
  const name = w === 'cnn' ? 'CNN batch 64' : `MLP batch ${w}`;
  console.log(`  ${name.padEnd(14)} old ${o.toFixed(0).padStart(7)}  new ${n.toFixed(0).padStart(7)} samples/s (medians)  new/old ${(n / o).toFixed(3)}`);
}
process.exit(0);
