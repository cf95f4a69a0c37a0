// Parser of the IDX format that MNIST and Fashion-MNIST ship in (browser-safe: it takes bytes),
// with every header field checked against the file so a damaged download fails with a clear message.

import { ValueError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import type { DatasetBundle } from './dataset-bundle.js';

/** A parsed IDX file of unsigned bytes: its dimensions and the data that follows the header. */
export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

/** Magic number of an IDX file of unsigned bytes with 3 dimensions (images N×rows×cols). */
export const IDX_IMAGES_MAGIC = 0x00000803;
/** Magic number of an IDX file of unsigned bytes with 1 dimension (labels N). */
export const IDX_LABELS_MAGIC = 0x00000801;

const hex = (v: number): string => `0x${v.toString(16).padStart(8, '0')}`;

/**
 * Parses an IDX file (big-endian header: magic 0x0000TTDD with type TT = 0x08 unsigned byte and
 * DD dimensions, then DD 32-bit sizes, then the data). `expectedMagic` pins the kind of file;
 * `file` names it in errors. The file size must equal header + product of the sizes exactly.
 */
export function parseIdx(bytes: Uint8Array, { file = 'IDX file', expectedMagic }: { file?: string; expectedMagic?: number } = {}): IdxArray {
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    throw new ValueError(`${file}: is gzip-compressed; decompress it first (the Node loader does this for .gz files)`);
  }
  if (bytes.length < 4) throw new ValueError(`${file}: too short for an IDX header (${bytes.length} bytes)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0, false);
  const what = expectedMagic === IDX_IMAGES_MAGIC ? ' (IDX images)' : expectedMagic === IDX_LABELS_MAGIC ? ' (IDX labels)' : '';
  if (expectedMagic !== undefined && magic !== expectedMagic) {
    throw new ValueError(`${file}: bad magic number ${hex(magic)}, expected ${hex(expectedMagic)}${what}`);
  }
  if (magic >>> 16 !== 0 || ((magic >>> 8) & 0xff) !== 0x08) {
    throw new ValueError(`${file}: bad magic number ${hex(magic)}: not an IDX file of unsigned bytes (expected 0x000008DD)`);
  }
  const ndim = magic & 0xff;
  if (ndim < 1) throw new ValueError(`${file}: IDX header declares 0 dimensions`);
  const headerBytes = 4 + 4 * ndim;
  if (bytes.length < headerBytes) {
    throw new ValueError(`${file}: truncated header: ${ndim} dimensions need ${headerBytes} header bytes, file has ${bytes.length}`);
  }
  const dims: number[] = [];
  for (let i = 0; i < ndim; i++) dims.push(view.getUint32(4 + 4 * i, false));
  const expected = dims.reduce((a, b) => a * b, 1);
  const actual = bytes.length - headerBytes;
  if (actual < expected) {
    throw new ValueError(`${file}: truncated: header says ${dims.join('x')} = ${expected} bytes of data, file has ${actual}`);
  }
  if (actual > expected) {
    throw new ValueError(`${file}: ${actual - expected} unexpected bytes after the data (header says ${dims.join('x')} = ${expected} bytes)`);
  }
  return { dims, data: bytes.subarray(headerBytes) };
}

/** Options of `idxDataset`. */
export interface IdxDatasetOptions {
  name: string;
  source: string;
  classNames: string[];
  /** Return x as [N, rows*cols] (default true) or as images [N, 1, rows, cols]. */
  flatten?: boolean;
  /** File names, for error messages. */
  imagesFile?: string;
  labelsFile?: string;
}

/**
 * Builds a classification bundle from IDX image and label bytes (already decompressed): pixels
 * scaled to [0, 1] as float32, labels int32. Checks the magic numbers, sizes, that the counts agree
 * and that every label is a valid class index.
 */
export function idxDataset(imageBytes: Uint8Array, labelBytes: Uint8Array, opts: IdxDatasetOptions): DatasetBundle {
  const imagesFile = opts.imagesFile ?? 'images file';
  const labelsFile = opts.labelsFile ?? 'labels file';
  const img = parseIdx(imageBytes, { file: imagesFile, expectedMagic: IDX_IMAGES_MAGIC });
  const lab = parseIdx(labelBytes, { file: labelsFile, expectedMagic: IDX_LABELS_MAGIC });
  const [n, rows, cols] = img.dims as [number, number, number];
  if (lab.dims[0] !== n) {
    throw new ValueError(`${labelsFile}: has ${lab.dims[0]} labels but ${imagesFile} has ${n} images; the counts must agree`);
  }
  const k = opts.classNames.length;
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = lab.data[i]!;
    if (c >= k) throw new ValueError(`${labelsFile}: label ${c} at index ${i} is out of range for ${k} classes`);
    y[i] = c;
  }
  const x = new Float32Array(img.data.length);
  for (let i = 0; i < x.length; i++) x[i] = img.data[i]! / 255;
  const flatten = opts.flatten ?? true;
  const inputShape = flatten ? [rows * cols] : [1, rows, cols];
  return {
    name: opts.name,
    source: opts.source,
    task: 'classification',
    x: new Tensor(x, [n, ...inputShape], 'float32'),
    y: new Tensor(y, [n], 'int32'),
    featureNames: pixelNames(rows * cols),
    classNames: opts.classNames,
    inputShape,
  };
}

/** Feature names of flattened images: `pixel0`, `pixel1`, ... */
export function pixelNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `pixel${i}`);
}

/** Fashion-MNIST's class names, by label index (Xiao, Rasul & Vollgraf 2017). */
export const FASHION_MNIST_CLASSES: readonly string[] = [
  'T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot',
];
