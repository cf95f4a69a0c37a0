// The per-epoch progress bar of `neurite train` (cli-progress on stderr, only on a terminal) and the
// one-line epoch summary printed whether or not a bar is shown.

import { SingleBar } from 'cli-progress';
import type { train } from '../src/index.js';

/** A training callback that draws a bar for the epoch in progress. */
export function progressBar(totalEpochs: () => number): train.Callback {
  let bar: SingleBar | null = null;
  let samples = 0;
  let t0 = 0;
  let lossSum = 0;
  let count = 0;
  const stop = (): void => {
    bar?.stop();
    bar = null;
  };
  return {
    onEpochBegin: (epoch) => {
      samples = 0; lossSum = 0; count = 0;
      t0 = performance.now();
      bar = new SingleBar({
        stream: process.stderr,
        format: `epoch ${epoch + 1}/${totalEpochs()} |{bar}| {value}/{total} batches | loss {loss} | {rate} samples/s | ETA {eta_formatted}`,
        barsize: 24,
        hideCursor: true,
        clearOnComplete: true,
        etaBuffer: 50,
      });
      bar.start(1, 0, { loss: '-', rate: '-' });
    },
    onBatchEnd: (b) => {
      if (!bar) return;
      samples += b.samples;
      lossSum += b.loss * b.samples;
      count += b.samples;
      if (b.batch === 0) bar.setTotal(b.batches);
      const secs = (performance.now() - t0) / 1000;
      bar.update(b.batch + 1, { loss: (lossSum / count).toFixed(4), rate: secs > 0 ? Math.round(samples / secs) : '-' });
    },
    onEpochEnd: stop,
    onTrainEnd: stop,
  };
}

const pct = (v: number | undefined): string => (v === undefined ? '-' : `${(v * 100).toFixed(2)}%`);

/** One line per epoch: losses, accuracies, throughput and time. */
export function epochLine(l: train.EpochLogs, totalEpochs: number, valName: string): string {
  const parts = [`epoch ${l.epoch + 1}/${totalEpochs}`, `loss ${l.trainLoss.toFixed(4)}`];
  if (l.trainAccuracy !== undefined) parts.push(`acc ${pct(l.trainAccuracy)}`);
  if (l.valLoss !== undefined) parts.push(`${valName} loss ${l.valLoss.toFixed(4)}`);
  if (l.valAccuracy !== undefined) parts.push(`${valName} acc ${pct(l.valAccuracy)}`);
  parts.push(`${Math.round(l.samplesPerSecond)} samples/s`, `${l.seconds.toFixed(1)} s`);
  return parts.join('  ');
}
