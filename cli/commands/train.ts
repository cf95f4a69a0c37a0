// `neurite train`: an MLP on a named dataset or a CSV file, with a progress bar, a checkpoint after
// every epoch (and on Ctrl-C), metrics and report pictures in the run directory, and `--resume`.

import type { Command } from 'commander';
import { Option } from 'commander';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { data, defaultGenerator, Generator, getBackend, getNumThreads, io, manualSeed, nn, train, wasmFeatures, type Tensor } from '../../src/index.js';
import { PENDING_MANIFEST_FILE, saveCheckpoint } from '../../src/node.js';
import { checkTrainable, loadData } from '../data-source.js';
import { UsageError } from '../errors.js';
import { nonNegInt, num, posInt } from '../options.js';
import { epochLine, progressBar } from '../progress.js';
import { hasCheckpoint, loadRun, openRunForWriting, type RunDescription } from '../run-dir.js';
import type { RunLock } from '../run-lock.js';
import { writeMetrics, writeReport } from '../run-report.js';
import { checkSavedState, type SavedState } from '../run-state.js';
import { checkConfig, DEFAULT_LR, imageShapeOf, makeOptimizer, OPTIMIZERS, parseLayers, type TrainConfig } from '../train-config.js';
import { checkResumeFlags, divergedError, explicitFlags, saveFailure } from '../train-guards.js';

/** Parsed flags of `neurite train`. */
export interface TrainFlags {
  data?: string; target?: string; impute?: TrainConfig['impute']; arch: 'mlp' | 'cnn'; channels?: string; layers: string; activation: string; optimizer: string;
  lr?: number; momentum?: number; epochs?: number; batchSize: number; l1: number; l2: number; weightDecay: number;
  dropout: number; batchnorm?: boolean; init: string; standardize: boolean; validationSplit: number; seed: number;
  n?: number; noise?: number; out?: string; resume?: string; force?: boolean; checkpointEvery: number;
  json?: boolean; quiet?: boolean; progress: boolean; encoding?: 'utf8' | 'latin1';
  /** Flags given on the command line (not defaults), for `--resume` to refuse contradictions. */
  explicit?: ReadonlySet<string>;
}

function configFromFlags(o: TrainFlags): TrainConfig {
  if (!o.data) throw new UsageError('train: --data is required (a dataset name such as mnist, or a .csv file; see neurite datasets)');
  const optimizer = o.optimizer as TrainConfig['optimizer'];
  const cfg: TrainConfig = {
    data: o.data, layers: parseLayers(o.layers), activation: o.activation as TrainConfig['activation'], optimizer,
    lr: o.lr ?? DEFAULT_LR[optimizer] ?? 1e-3, momentum: o.momentum ?? (optimizer === 'momentum' || optimizer === 'nesterov' ? 0.9 : 0),
    epochs: o.epochs ?? 10, batchSize: o.batchSize, l1: o.l1, l2: o.l2, weightDecay: o.weightDecay, dropout: o.dropout,
    batchnorm: o.batchnorm ?? false, init: o.init as TrainConfig['init'], standardize: o.standardize ?? true,
    validationSplit: o.validationSplit, seed: o.seed,
  };
  if (o.arch === 'cnn') {
    cfg.arch = 'cnn';
    cfg.channels = o.channels === undefined ? [32, 64] : parseLayers(o.channels, '--channels');
  } else if (o.channels !== undefined) {
    throw new UsageError('--channels applies to --arch cnn only');
  }
  if (o.target !== undefined) cfg.target = o.target;
  if (o.impute !== undefined) cfg.impute = o.impute;
  if (o.n !== undefined) cfg.n = o.n;
  if (o.noise !== undefined) cfg.noise = o.noise;
  if (o.encoding === 'latin1') cfg.encoding = 'latin1';
  return checkConfig(cfg);
}

/** The layer sizes of a spec in one line: `784-128-10`, or `conv5x5(32)-maxpool2-...-128-10`. */
function describeLayers(spec: readonly nn.LayerSpec[]): string {
  const parts = spec.flatMap((s): (string | number)[] => {
    if (s.type === 'conv2d') return [`conv${s.kernelSize}x${s.kernelSize}(${s.outChannels})`];
    if (s.type === 'maxPool2d' || s.type === 'avgPool2d') return [`${s.type === 'maxPool2d' ? 'max' : 'avg'}pool${s.kernelSize}`];
    return s.type === 'linear' ? [s.outFeatures] : [];
  });
  const first = spec[0];
  return (first?.type === 'linear' ? [first.inFeatures, ...parts] : parts).join('-');
}

/** The flags `train` gets when none are given (what `neurite start` starts from). */
export function defaultTrainFlags(): TrainFlags {
  return {
    arch: 'mlp', layers: '128', activation: 'relu', optimizer: 'adam', batchSize: 64, l1: 0, l2: 0, weightDecay: 0, dropout: 0,
    init: 'default', standardize: true, validationSplit: 0, seed: 1, checkpointEvery: 1, progress: true,
  };
}

/** Runs `neurite train` with parsed flags. */
export async function runTrain(o: TrainFlags): Promise<void> {
  let lock: RunLock | null = null;
  try {
    await trainWithLock(o, (l) => { lock = l; });
  } finally {
    (lock as RunLock | null)?.release();
  }
}

async function trainWithLock(o: TrainFlags, held: (lock: RunLock) => void): Promise<void> {
  const log = (s: string): void => void (o.json ? process.stderr : process.stdout).write(`${s}\n`);
  const resumeDir = o.resume;
  let cfg: TrainConfig;
  let out: string;
  let resumed: ReturnType<typeof loadRun> | null = null;
  if (resumeDir !== undefined) {
    if (!existsSync(resumeDir) || !statSync(resumeDir).isDirectory()) throw new UsageError(`--resume ${resumeDir}: no checkpoint there (no such directory)`);
    // the lock first: recovery and loading must not race a second writer
    held(openRunForWriting(resumeDir, { command: 'train --resume' }));
    if (!hasCheckpoint(resumeDir) && !existsSync(join(resumeDir, PENDING_MANIFEST_FILE))) throw new UsageError(`--resume ${resumeDir}: no checkpoint there (no checkpoint.json)`);
    resumed = loadRun(resumeDir, { command: 'train --resume' });
    checkResumeFlags(o, resumed.description.training, resumeDir);
    cfg = { ...resumed.description.training, ...(o.epochs !== undefined ? { epochs: o.epochs } : {}) };
    out = resumeDir;
  } else {
    cfg = configFromFlags(o);
    out = o.out ?? join('runs', cfg.data.replace(/^.*[\\/]/, '').replace(/\.csv$/i, '').replace(/[^A-Za-z0-9._-]/g, '_'));
    if (hasCheckpoint(out) && !o.force) throw new UsageError(`${out} already holds a trained model; use --resume ${out} to continue it, --force to overwrite it, or --out for another directory`);
  }

  manualSeed(cfg.seed);
  const split = loadData(cfg.data, cfg);
  checkTrainable(split.train);
  let { train: trainSet } = split;
  const testSet = split.test;
  let validation: data.DatasetBundle = testSet;
  if (cfg.validationSplit > 0) {
    const stratify = trainSet.task === 'classification';
    ({ train: trainSet, test: validation } = data.trainTestSplit(trainSet, { testFraction: cfg.validationSplit, generator: new Generator(cfg.seed + 2), stratify }));
  }
  const valName = cfg.validationSplit > 0 ? 'val' : 'test';

  const standardizer = cfg.standardize ? (resumed?.standardizer ?? new data.Standardizer().fit(trainSet.x)) : null;
  const prep = (x: Tensor): Tensor => (standardizer ? standardizer.transform(x) : x);
  const classification = trainSet.task === 'classification';
  const outFeatures = classification ? data.numClasses(trainSet) : (trainSet.y.shape[1] ?? 1);
  const inFeatures = io.rowSize(trainSet.inputShape);
  const recipe = { hidden: cfg.layers, outFeatures, activation: cfg.activation, dropout: cfg.dropout, batchNorm: cfg.batchnorm };
  const architecture = resumed?.description.architecture ?? (cfg.arch === 'cnn'
    ? nn.cnnSpec({ imageShape: imageShapeOf(trainSet), ...(cfg.channels ? { channels: cfg.channels } : {}), ...recipe })
    : nn.mlpSpec({ inFeatures, ...recipe }));
  const description: RunDescription = {
    format: io.RUN_FORMAT, formatVersion: 1, architecture, task: trainSet.task, inputShape: trainSet.inputShape,
    dataset: { name: trainSet.name, source: trainSet.source }, training: cfg,
    ...(trainSet.classNames ? { classNames: trainSet.classNames } : {}),
    ...(trainSet.inputShape.length === 1 && inFeatures <= 256 ? { featureNames: trainSet.featureNames } : {}),
    ...(trainSet.schema ? { schema: trainSet.schema } : {}),
    ...(standardizer ? { standardizer: standardizer.toJSON() } : {}),
  };
  const model = resumed?.model ?? nn.buildModel(architecture, { generator: new Generator(cfg.seed), init: cfg.init });
  const optimizer = makeOptimizer(cfg, model.parameters());
  const loss = classification ? (y: Tensor, t: Tensor): Tensor => nn.crossEntropy(y, t) : (y: Tensor, t: Tensor): Tensor => nn.mseLoss(y, t);
  const penalties: (() => Tensor)[] = [];
  if (cfg.l2 > 0) penalties.push(() => nn.l2Penalty(model, { lambda: cfg.l2 }));
  if (cfg.l1 > 0) penalties.push(() => nn.l1Penalty(model, { lambda: cfg.l1 }));
  const trainer = new train.Trainer({
    model, optimizer, loss, generator: new Generator(cfg.seed + 1),
    ...(penalties.length ? { penalty: () => penalties.map((p) => p()).reduce((a, b) => a.add(b)) } : {}),
  });
  const xTrain = prep(trainSet.x);
  const xVal = prep(validation.x);
  if (resumed) {
    if (resumed.checkpoint.trainerState === undefined) throw new UsageError(`--resume ${out}: the checkpoint has no trainer state (state.json)`);
    const st: SavedState = checkSavedState(resumed.checkpoint.trainerState, { file: join(out, 'state.json'), batchSize: cfg.batchSize });
    if (st.trainRows !== trainSet.x.shape[0]) throw new UsageError(`--resume ${out}: the data now has ${trainSet.x.shape[0]} training rows but the run was trained on ${st.trainRows}`);
    optimizer.loadStateDict(resumed.checkpoint.optimizer as Parameters<typeof optimizer.loadStateDict>[0]);
    trainer.setState(st.trainer);
    defaultGenerator.setState(st.globalGenerator);
    log(`resuming ${out} at epoch ${st.trainer.epoch + 1}${st.trainer.batch > 0 ? `, batch ${st.trainer.batch + 1}` : ''} of ${cfg.epochs}`);
  }

  if (!resumed) held(openRunForWriting(out, { command: 'train', fresh: true, force: o.force ?? false }));
  let savedEpoch: number | null = resumed ? (resumed.checkpoint.trainerState as SavedState).trainer.epoch : null;
  const save = (): void => {
    const state: SavedState = { trainer: trainer.getState(), globalGenerator: defaultGenerator.getState(), trainRows: trainSet.x.shape[0]! };
    const bad = model.parameters().find((p) => !p.data.every(Number.isFinite));
    if (bad !== undefined) throw divergedError({ cfg, epoch: state.trainer.epoch, what: 'the weights are no longer finite', out, savedEpoch });
    let phase: 'writing' | 'committed' | 'done' = 'writing';
    try {
      saveCheckpoint(out, {
        model: model.stateDict(), description, optimizer: optimizer.stateDict(), trainerState: state,
        metadata: { format: 'pt', producer: 'neurite', epoch: String(state.trainer.epoch) },
      }, { onStep: (step) => { if (step === 'commit') phase = 'committed'; } });
      phase = 'done';
      savedEpoch = state.trainer.epoch;
      writeMetrics(out, trainer.history, { dataset: trainSet.name });
    } catch (e) {
      throw saveFailure(e, { out, phase, hadCheckpoint: savedEpoch !== null });
    }
  };
  const abort = new AbortController();
  const onSigint = (): void => {
    if (abort.signal.aborted) process.exit(130);
    abort.abort();
    log('\nstopping after this batch and saving (Ctrl-C again to quit at once)');
  };
  process.on('SIGINT', onSigint);
  const paramCount = model.parameters().reduce((a, p) => a + p.size, 0);
  log(`${trainSet.name}: ${trainSet.x.shape[0]} train / ${validation.x.shape[0]} ${valName} rows, ${inFeatures} features -> ${outFeatures} ${classification ? 'classes' : 'outputs'}`);
  log(`model: ${describeLayers(architecture)} ${cfg.activation}${cfg.batchnorm ? ' +batchnorm' : ''}${cfg.dropout ? ` +dropout ${cfg.dropout}` : ''}, ${paramCount.toLocaleString('en-US')} parameters; ${cfg.optimizer} lr ${cfg.lr}, batch ${cfg.batchSize}, ${cfg.epochs} epochs on ${backendLine()} -> ${out}`);
  // NOTE: training is synchronous work between microtasks; without a macrotask per batch the SIGINT
  // handler (an event-loop callback) would only run after the last epoch.
  const callbacks: train.Callback[] = [train.yieldToEventLoop({ everyBatches: 1 })];
  // NOTE: a non-finite loss stops training at once; the checkpoint on disk (the last finite one) is kept.
  callbacks.push({ onStepEnd: (l) => { if (!Number.isFinite(l.loss)) throw divergedError({ cfg, epoch: l.epoch, batch: l.batch, what: `the loss is ${l.loss}`, out, savedEpoch }); } });
  if (o.progress && !o.quiet && !o.json && process.stderr.isTTY) callbacks.push(progressBar(() => cfg.epochs));
  callbacks.push({
    onEpochEnd: (l) => {
      if (!Number.isFinite(l.valLoss ?? 0)) throw divergedError({ cfg, epoch: l.epoch, what: `the validation loss is ${l.valLoss}`, out, savedEpoch });
      if (!o.quiet) log(epochLine(l, cfg.epochs, valName));
      if ((l.epoch + 1) % o.checkpointEvery === 0 || l.epoch + 1 === cfg.epochs) save();
    },
  });
  let result: train.FitResult;
  try {
    result = await trainer.fit({ x: xTrain, y: trainSet.y }, { epochs: cfg.epochs, batchSize: cfg.batchSize, validation: { x: xVal, y: validation.y }, callbacks, signal: abort.signal });
  } finally {
    process.off('SIGINT', onSigint);
  }
  if (result.interrupted) {
    save();
    log(`interrupted: saved the model and training state to ${out}; continue with: neurite train --resume ${out}`);
    if (o.json) process.stdout.write(`${JSON.stringify({ interrupted: true, out: resolve(out) })}\n`);
    process.exitCode = 130;
    return;
  }
  const history = trainer.history;
  if (history.epochs.length === 0 || !hasCheckpoint(out)) save();
  const evalTest = trainer.evaluate({ x: validation === testSet ? xVal : prep(testSet.x), y: testSet.y });
  const metricsFiles = writeMetrics(out, history, { dataset: trainSet.name, testLoss: evalTest.loss, ...(evalTest.accuracy !== undefined ? { testAccuracy: evalTest.accuracy } : {}) });
  const pictures = await writeReport({ dir: out, history, model, test: testSet, testOutput: evalTest.output, standardize: prep });
  if (evalTest.accuracy !== undefined) log(`test accuracy ${(evalTest.accuracy * 100).toFixed(2)}%  (test loss ${evalTest.loss.toFixed(4)})`);
  else log(`test loss ${evalTest.loss.toFixed(4)}`);
  log(`model: ${join(out, 'model.safetensors')} (+ model.json, optimizer and training state)`);
  log(`report: ${join(out, 'metrics.json')}, ${pictures.filter((p) => p.endsWith('.png')).join(', ')}`);
  if (o.json) {
    process.stdout.write(`${JSON.stringify({
      ...(evalTest.accuracy !== undefined ? { testAccuracy: evalTest.accuracy } : {}), testLoss: evalTest.loss, epochs: history.epochs.length,
      out: resolve(out), model: resolve(join(out, 'model.safetensors')), metrics: [resolve(metricsFiles.metricsJson), resolve(metricsFiles.metricsCsv)],
      pictures: pictures.map((p) => resolve(p)), history: history.toJSON(),
    })}\n`);
  }
}

/** Registers `train`. */
export function registerTrain(program: Command): void {
  program
    .command('train')
    .description('train an MLP on a dataset or CSV file; writes a run directory with the model, metrics and report pictures')
    .option('--data <name|file.csv>', 'dataset name (see neurite datasets) or a CSV file')
    .option('--target <column>', 'CSV target column (default: the last)')
    .addOption(new Option('--impute <how>', 'fill missing CSV values instead of refusing them').choices(['mean', 'median', 'mostFrequent']))
    .addOption(new Option('--arch <kind>', 'mlp, or cnn: 5x5 convolutions + 2x2 max pooling before the hidden layers (images)').choices(['mlp', 'cnn']).default('mlp'))
    .option('--channels <list>', 'cnn: output channels of each convolution (default 32,64)')
    .option('--layers <widths>', 'hidden layer widths, e.g. 128,64 (none: a linear model; cnn: after the convolutions)', '128')
    .addOption(new Option('--activation <name>', 'hidden activation').choices([...nn.MLP_ACTIVATIONS]).default('relu'))
    .addOption(new Option('--optimizer <name>', 'optimizer').choices([...OPTIMIZERS]).default('adam'))
    .option('--lr <rate>', 'learning rate (default: adam 1e-3, sgd 0.01, ...)', num)
    .option('--momentum <m>', 'SGD/RMSprop momentum (default 0.9 for momentum/nesterov)', num)
    .option('--epochs <n>', 'epochs in total (default 10; with --resume, raise it to train longer)', nonNegInt)
    .option('--batch-size <n>', 'mini-batch size', posInt, 64)
    .option('--l2 <lambda>', "the lecture's L2 penalty lambda * sum(w^2) over weights", num, 0)
    .option('--l1 <lambda>', "the lecture's L1 penalty lambda * sum(|w|) over weights", num, 0)
    .option('--weight-decay <wd>', 'optimizer weight decay (decoupled for adamw)', num, 0)
    .option('--dropout <p>', 'dropout after each hidden activation', num, 0)
    .option('--batchnorm', 'batch normalization after each hidden linear layer')
    .addOption(new Option('--init <scheme>', 'weight initialisation').choices([...nn.MLP_INITS]).default('default'))
    .option('--no-standardize', 'do not standardize inputs (default: standardize with the training mean and std, saved with the model)')
    .option('--validation-split <f>', 'hold out this fraction of the training rows for validation (default: validate on the test split)', num, 0)
    .option('--seed <n>', 'seed of data generation, splits, initialisation, shuffling and dropout', nonNegInt, 1)
    .option('--n <points>', 'toy sets: number of points', posInt)
    .option('--noise <std>', 'toy sets: noise', num)
    .option('--out <dir>', 'run directory (default runs/<dataset>)')
    .option('--resume <dir>', 'continue the run in <dir> exactly where it stopped')
    .option('--force', 'overwrite a run directory that already holds a model')
    .option('--checkpoint-every <epochs>', 'save a checkpoint every n epochs (and always at the end and on Ctrl-C)', posInt, 1)
    .option('--no-progress', 'no progress bar')
    .option('--quiet', 'no per-epoch lines')
    .option('--json', 'print one JSON object at the end (testAccuracy, testLoss, paths)')
    .addOption(new Option('--encoding <name>', 'text encoding of a CSV file (default utf8; invalid UTF-8 is refused naming the line)').choices(['utf8', 'latin1']))
    .addHelpText('after', [
      '', 'Examples:',
      '  neurite train --data mnist --layers 128 --epochs 10',
      '  neurite train --data fashion-mnist --layers 256,128 --epochs 5 --batch-size 128',
      '  neurite train --data mnist --arch cnn --epochs 3 --out runs/mnist-cnn',
      '  neurite train --data circles --layers 3 --activation sigmoid --lr 0.05 --epochs 100 --out runs/circles',
      '  neurite train --data iris --layers 16 --epochs 100 --batch-size 16',
      '  neurite train --data houses.csv --target price --layers 64,32',
      '  neurite train --data mnist --no-standardize --optimizer sgd --lr 0.1',
      '  neurite train --resume runs/mnist --epochs 20',
    ].join('\n'))
    .action((flags: TrainFlags, cmd: Command) => runTrain({ ...flags, explicit: explicitFlags(cmd) }));
}

/** The backend training runs on, e.g. `wasm (2 threads, relaxed SIMD)`. */
function backendLine(): string {
  const name = getBackend().name;
  if (name !== 'wasm') return name;
  const f = wasmFeatures()!;
  const threads = f.sharedMemory ? getNumThreads() : 1;
  return `wasm (${threads} thread${threads === 1 ? '' : 's'}${f.relaxedSimd ? ', relaxed SIMD' : ''})`;
}
