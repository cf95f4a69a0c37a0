// Per-epoch training history: what `fit` returns, what reports plot and metrics.json stores.

/** Numbers logged at the end of each epoch (undefined where not measured). */
export interface EpochLogs {
  epoch: number;
  trainLoss: number;
  trainAccuracy?: number;
  valLoss?: number;
  valAccuracy?: number;
  lr?: number;
  /** Seconds spent in this epoch. */
  seconds: number;
  /** Training samples per second in this epoch. */
  samplesPerSecond: number;
}

/** The history of a training run, one array entry per epoch. */
export class History {
  readonly epochs: EpochLogs[] = [];

  /** Appends one epoch's logs. */
  push(logs: EpochLogs): void {
    this.epochs.push({ ...logs });
  }

  /** One column of the history, e.g. `history.column('trainLoss')`. */
  column(key: keyof EpochLogs): (number | undefined)[] {
    return this.epochs.map((e) => e[key]);
  }

  /** The last epoch's logs. */
  get last(): EpochLogs | undefined {
    return this.epochs.at(-1);
  }

  /** Plain JSON (for metrics.json and checkpoints). */
  toJSON(): EpochLogs[] {
    return this.epochs.map((e) => ({ ...e }));
  }

  /** Rebuilds a history from `toJSON()` output. */
  static fromJSON(rows: readonly EpochLogs[]): History {
    const h = new History();
    for (const r of rows) h.push(r);
    return h;
  }

  /** CSV with a header row (for metrics.csv). */
  toCSV(): string {
    const keys: (keyof EpochLogs)[] = ['epoch', 'trainLoss', 'trainAccuracy', 'valLoss', 'valAccuracy', 'lr', 'seconds', 'samplesPerSecond'];
    const rows = this.epochs.map((e) => keys.map((k) => (e[k] === undefined ? '' : String(e[k]))).join(','));
    return `${keys.join(',')}\n${rows.join('\n')}${rows.length ? '\n' : ''}`;
  }
}
