// The 27 architectures of the lecture's chart in its order, with their papers, tasks and bars (from
// the three zoo issues). Built entries start from their line here; the rest are listed as "not yet".

import { ValueError } from '../errors.js';
import type { ZooEntryInfo } from './entry.js';

type Info = ZooEntryInfo;
const e = (name: string, title: string, abbr: string, summary: string, paper: string, task: string, metric: string, op: Info['bar']['op'], value: number): Info =>
  ({ name, title, abbr, summary, paper, task, metric, bar: { op, value } });

/** Every architecture of the chart, in the lecture's order (van Veen 2016). */
export const CATALOGUE: readonly Info[] = [
  e('p', 'Perceptron', 'P', 'one threshold unit trained by the perceptron rule', 'Rosenblatt 1958', 'two separable Gaussian clouds; XOR never', 'training accuracy', '>=', 1),
  e('ff', 'Feed Forward', 'FF', "the lecture's 2-3-1 sigmoid network", 'Rumelhart, Hinton & Williams 1986', 'concentric circles', 'test accuracy', '>=', 0.95),
  e('rbf', 'Radial Basis Network', 'RBF', 'Gaussian units at k-means centres, least-squares output', 'Broomhead & Lowe 1988', 'sin on [0, 2 pi] with 10 centres', 'RMSE', '<', 0.01),
  e('dff', 'Deep Feed Forward', 'DFF', 'several hidden layers: 784-128-64-10', 'Hinton, Osindero & Teh 2006', 'digits, 3 epochs', 'test accuracy', '>=', 0.93),
  e('rnn', 'Recurrent Neural Network', 'RNN', 'an Elman network: hidden state fed back each step', 'Elman 1990', "Elman's temporal XOR", 'MAE on the XOR bits', '<', 0.1),
  e('lstm', 'Long / Short Term Memory', 'LSTM', 'gated memory cells that keep gradients alive', 'Hochreiter & Schmidhuber 1997', 'adding problem, T = 30', 'test MSE', '<', 0.01),
  e('gru', 'Gated Recurrent Unit', 'GRU', 'reset and update gates, no separate memory', 'Cho et al. 2014', 'adding problem, T = 50', 'test MSE', '<', 0.01),
  e('ae', 'Auto Encoder', 'AE', 'a bottleneck that reconstructs its input', 'Hinton & Salakhutdinov 2006', 'digits 784-32-784, 20 epochs', 'test MSE', '<=', 0.02),
  e('vae', 'Variational AE', 'VAE', 'a probabilistic code with the reparameterization trick', 'Kingma & Welling 2014', 'binarized digits, z = 2', '-ELBO after / before', '<=', 0.35),
  e('dae', 'Denoising AE', 'DAE', 'reconstructs the clean input from a corrupted one', 'Vincent et al. 2008', 'digits with 25% masking noise', 'MSE(out, clean) / MSE(noisy, clean)', '<=', 0.45),
  e('sae', 'Sparse AE', 'SAE', 'a wide code with few active units (KL sparsity)', "Ng's sparse autoencoder notes", 'digits 784-64-784, rho = 0.05', '|mean activation - rho|', '<=', 0.015),
  e('mc', 'Markov Chain', 'MC', 'states with transition probabilities, fitted by counting', 'Markov 1906', 'recover a 3-state chain from 10,000 steps', 'max |P_hat - P| (10,000 steps)', '<', 0.05),
  e('hn', 'Hopfield Network', 'HN', 'Hebbian associative memory with an energy', 'Hopfield 1982', '100 units, 5 patterns, 20% of bits flipped', 'recall bit accuracy', '>=', 0.99),
  e('bm', 'Boltzmann Machine', 'BM', 'a fully connected stochastic binary network', 'Ackley, Hinton & Sejnowski 1985', 'the 4-3-4 encoder', 'KL', '<', 0.1),
  e('rbm', 'Restricted BM', 'RBM', 'visible and hidden layers trained by contrastive divergence', 'Smolensky 1986; Hinton 2002', '3x3 bars-and-stripes, CD-10', 'exact log-likelihood', '>=', -2.85),
  e('dbn', 'Deep Belief Network', 'DBN', 'stacked RBMs pretrained layer by layer, then fine-tuned', 'Hinton, Osindero & Teh 2006', 'digits 784-256-256', 'test accuracy', '>=', 0.93),
  e('dcn', 'Deep Convolutional Network', 'DCN', 'convolutions and pooling, then dense layers', 'LeCun et al. 1998', 'digits, 5 epochs', 'test accuracy', '>=', 0.95),
  e('dn', 'Deconvolutional Network', 'DN', 'transposed convolutions that upsample', 'Zeiler et al. 2010', 'convolutional autoencoder on digits', 'test MSE', '<=', 0.015),
  e('dcign', 'Deep Convolutional Inverse Graphics Network', 'DCIGN', 'a convolutional VAE with disentangled factors', 'Kulkarni et al. 2015', 'rendered squares: x, y, scale', '|rho| of each latent with its factor', '>=', 0.9),
  e('gan', 'Generative Adversarial Network', 'GAN', 'a generator and a discriminator in a game', 'Goodfellow et al. 2014', 'ring of 8 Gaussians', 'modes covered (median of 5 seeds)', '>=', 7),
  e('lsm', 'Liquid State Machine', 'LSM', 'a spiking recurrent column with a linear readout', 'Maass, Natschlaeger & Markram 2002', 'XOR of consecutive 30 ms input bits', 'readout accuracy', '>=', 0.65),
  e('elm', 'Extreme Learning Machine', 'ELM', 'a random fixed hidden layer, output by least squares', 'Huang, Zhu & Siew 2006', 'noisy SinC on [-10, 10]', 'RMSE', '<', 0.012),
  e('esn', 'Echo State Network', 'ESN', 'a fixed random reservoir with a trained readout', 'Jaeger 2001', 'Mackey-Glass one-step prediction', 'NRMSE', '<', 1e-3),
  e('drn', 'Deep Residual Network', 'DRN', 'skip links that carry the gradient through depth', 'He et al. 2016', '2-arm spiral, 30-layer MLP', 'training accuracy', '>=', 0.99),
  e('kn', 'Kohonen Network', 'KN', 'a self-organising map of competing units', 'Kohonen 1982', '10x10 map of the unit square', 'quantization error', '<', 0.05),
  e('svm', 'Support Vector Machine', 'SVM', 'a maximum-margin linear classifier (kernels by features)', 'Cortes & Vapnik 1995', 'two Gaussians, averaged Pegasos', 'accuracy', '>=', 0.99),
  e('ntm', 'Neural Turing Machine', 'NTM', 'a controller that reads and writes an external memory', 'Graves, Wayne & Danihelka 2014', 'copy task, 4-bit vectors, lengths 1-5', 'bit error', '<', 0.05),
];

/** The catalogue line of `name` (a `ValueError` when there is none). */
export function catalogueInfo(name: string): Info {
  const i = CATALOGUE.find((x) => x.name === name);
  if (i === undefined) throw new ValueError(`zoo: no catalogue entry '${name}'`);
  return i;
}
