// Op-database entries of the convolution and pooling ops (conv2d, convTranspose2d, maxPool2d,
// avgPool2d, adaptiveAvgPool2d, unfold, fold): stride, padding, dilation and groups combinations,
// unbatched inputs, each against the nested-loop definitions in conv-ref.ts.

import * as ops from '../../src/ops/index.js';
import {
  adaptiveAvgRef, avgPoolRef, batch1, conv2dRef, convTranspose2dRef, foldRef, maxPoolRef, unbatch, unfoldRef, type Geo,
} from './conv-ref.js';
import { inp, sample, type OpEntry } from './op-db-types.js';

const geo = (k: [number, number], s: [number, number] = [1, 1], p: [number, number] = [0, 0], d: [number, number] = [1, 1]): Geo => ({ k, s, p, d });
// Convolutions sum up to ~50 products: float32 needs a slightly looser absolute tolerance.
const CONV_TOL = { rtol: 1e-5, atol: 1e-5 };

const CONV2D: OpEntry = {
  name: 'conv2d',
  differentiable: true,
  tol: CONV_TOL,
  samples: [
    sample('3x3, bias', [inp([1, 2, 5, 5]), inp([3, 2, 3, 3]), inp([3])], (x, w, b) => ops.conv2d(x!, w!, b!),
      (x, w, b) => conv2dRef(x!, w!, b!, geo([3, 3]), 1)),
    sample('stride 2, padding 1, batch 2', [inp([2, 2, 5, 6]), inp([2, 2, 3, 3]), inp([2])], (x, w, b) => ops.conv2d(x!, w!, b!, { stride: 2, padding: 1 }),
      (x, w, b) => conv2dRef(x!, w!, b!, geo([3, 3], [2, 2], [1, 1]), 1)),
    sample('dilation 2, padding [2,1], no bias, 2x3 kernel', [inp([1, 2, 6, 6]), inp([2, 2, 2, 3])],
      (x, w) => ops.conv2d(x!, w!, null, { dilation: 2, padding: [2, 1] }), (x, w) => conv2dRef(x!, w!, null, geo([2, 3], [1, 1], [2, 1], [2, 2]), 1)),
    sample('groups 2, stride [2,1], dilation [1,2]', [inp([2, 4, 5, 6]), inp([6, 2, 3, 2]), inp([6])],
      (x, w, b) => ops.conv2d(x!, w!, b!, { groups: 2, stride: [2, 1], dilation: [1, 2], padding: [1, 2] }),
      (x, w, b) => conv2dRef(x!, w!, b!, geo([3, 2], [2, 1], [1, 2], [1, 2]), 2)),
    sample('depthwise (groups = channels)', [inp([2, 3, 4, 4]), inp([3, 1, 2, 2]), inp([3])], (x, w, b) => ops.conv2d(x!, w!, b!, { groups: 3 }),
      (x, w, b) => conv2dRef(x!, w!, b!, geo([2, 2]), 3)),
    sample("padding 'same', even kernel, dilation [2,1]", [inp([1, 2, 5, 4]), inp([2, 2, 2, 2])],
      (x, w) => ops.conv2d(x!, w!, null, { padding: 'same', dilation: [2, 1] }),
      // total padding d(k-1) = [2, 1]: [1, 0] before, [1, 1] after (the odd cell goes after)
      (x, w) => conv2dRef(x!, w!, null, geo([2, 2], [1, 1], [1, 0], [2, 1]), 1, [5, 4])),
    sample("padding 'valid', 1x1 kernel", [inp([2, 3, 3, 2]), inp([4, 3, 1, 1])], (x, w) => ops.conv2d(x!, w!, null, { padding: 'valid' }),
      (x, w) => conv2dRef(x!, w!, null, geo([1, 1]), 1)),
    sample('unbatched [C,H,W]', [inp([2, 4, 4]), inp([2, 2, 3, 3]), inp([2])], (x, w, b) => ops.conv2d(x!, w!, b!, { padding: 1 }),
      (x, w, b) => unbatch(conv2dRef(batch1(x!), w!, b!, geo([3, 3], [1, 1], [1, 1]), 1))),
  ],
};

const CONV_TRANSPOSE2D: OpEntry = {
  name: 'convTranspose2d',
  differentiable: true,
  tol: CONV_TOL,
  samples: [
    sample('3x3, bias', [inp([1, 2, 3, 3]), inp([2, 3, 3, 3]), inp([3])], (x, w, b) => ops.convTranspose2d(x!, w!, b!),
      (x, w, b) => convTranspose2dRef(x!, w!, b!, geo([3, 3]), 1)),
    sample('stride 2, padding 1, outputPadding 1, batch 2', [inp([2, 2, 3, 3]), inp([2, 2, 3, 3])],
      (x, w) => ops.convTranspose2d(x!, w!, null, { stride: 2, padding: 1, outputPadding: 1 }),
      (x, w) => convTranspose2dRef(x!, w!, null, geo([3, 3], [2, 2], [1, 1]), 1, [1, 1])),
    sample('groups 2, dilation 2, stride [1,2]', [inp([1, 4, 3, 2]), inp([4, 1, 2, 2]), inp([2])],
      (x, w, b) => ops.convTranspose2d(x!, w!, b!, { groups: 2, dilation: 2, stride: [1, 2] }),
      (x, w, b) => convTranspose2dRef(x!, w!, b!, geo([2, 2], [1, 2], [0, 0], [2, 2]), 2)),
    // outputPadding >= stride (allowed because < dilation): the output has more window positions than
    // x has cells, so the transposed conv must keep x's size as the window count, not recompute it
    sample('outputPadding 1 with stride 1, dilation 2', [inp([1, 2, 3, 3]), inp([2, 1, 2, 2]), inp([1])],
      (x, w, b) => ops.convTranspose2d(x!, w!, b!, { dilation: 2, outputPadding: 1 }),
      (x, w, b) => convTranspose2dRef(x!, w!, b!, geo([2, 2], [1, 1], [0, 0], [2, 2]), 1, [1, 1])),
    sample('unbatched, 2x3 kernel, padding [1,0]', [inp([2, 3, 3]), inp([2, 2, 2, 3])], (x, w) => ops.convTranspose2d(x!, w!, null, { padding: [1, 0] }),
      (x, w) => unbatch(convTranspose2dRef(batch1(x!), w!, null, geo([2, 3], [1, 1], [1, 0]), 1))),
  ],
};

// Distinct values: no ties inside a window, so max is differentiable at every sample point.
const MAX_POOL2D: OpEntry = {
  name: 'maxPool2d',
  differentiable: true,
  samples: [
    sample('2x2 (stride = kernel)', [inp([2, 2, 4, 6], 'distinct')], (x) => ops.maxPool2d(x!, { kernelSize: 2 }), (x) => maxPoolRef(x!, geo([2, 2], [2, 2]), [2, 3])),
    sample('3x3 stride 2 padding 1 (overlapping)', [inp([1, 2, 5, 5], 'distinct')], (x) => ops.maxPool2d(x!, { kernelSize: 3, stride: 2, padding: 1 }),
      (x) => maxPoolRef(x!, geo([3, 3], [2, 2], [1, 1]), [3, 3])),
    sample('2x3 kernel, dilation 2, stride 1', [inp([1, 1, 5, 6], 'distinct')], (x) => ops.maxPool2d(x!, { kernelSize: [2, 3], stride: 1, dilation: 2 }),
      (x) => maxPoolRef(x!, geo([2, 3], [1, 1], [0, 0], [2, 2]), [3, 2])),
    sample('ceilMode, 5x5 by 2x2', [inp([1, 2, 5, 5], 'distinct')], (x) => ops.maxPool2d(x!, { kernelSize: 2, ceilMode: true }),
      (x) => maxPoolRef(x!, geo([2, 2], [2, 2]), [3, 3])),
    sample('unbatched', [inp([2, 4, 4], 'distinct')], (x) => ops.maxPool2d(x!, { kernelSize: 2 }), (x) => unbatch(maxPoolRef(batch1(x!), geo([2, 2], [2, 2]), [2, 2]))),
  ],
};

const AVG_POOL2D: OpEntry = {
  name: 'avgPool2d',
  differentiable: true,
  samples: [
    sample('2x2', [inp([2, 2, 4, 4])], (x) => ops.avgPool2d(x!, { kernelSize: 2 }), (x) => avgPoolRef(x!, geo([2, 2], [2, 2]), [2, 2], true)),
    sample('3x3 stride 2 padding 1, countIncludePad', [inp([1, 2, 5, 4])], (x) => ops.avgPool2d(x!, { kernelSize: 3, stride: 2, padding: 1 }),
      (x) => avgPoolRef(x!, geo([3, 3], [2, 2], [1, 1]), [3, 2], true)),
    sample('3x3 stride 2 padding 1, countIncludePad false', [inp([1, 2, 5, 4])],
      (x) => ops.avgPool2d(x!, { kernelSize: 3, stride: 2, padding: 1, countIncludePad: false }), (x) => avgPoolRef(x!, geo([3, 3], [2, 2], [1, 1]), [3, 2], false)),
    // ceil gives 3 positions (floor 2); the last window hangs over the padding and is clipped.
    sample('ceilMode 3x3 stride 2 padding 1 on 4x4', [inp([1, 1, 4, 4])], (x) => ops.avgPool2d(x!, { kernelSize: 3, stride: 2, padding: 1, ceilMode: true }),
      (x) => avgPoolRef(x!, geo([3, 3], [2, 2], [1, 1]), [3, 3], true)),
    sample('divisorOverride 3, unbatched', [inp([2, 4, 4])], (x) => ops.avgPool2d(x!, { kernelSize: 2, divisorOverride: 3 }),
      (x) => unbatch(avgPoolRef(batch1(x!), geo([2, 2], [2, 2]), [2, 2], true, 3))),
  ],
};

const ADAPTIVE_AVG_POOL2D: OpEntry = {
  name: 'adaptiveAvgPool2d',
  differentiable: true,
  samples: [
    sample('[5,7] -> [3,4] (uneven windows)', [inp([2, 2, 5, 7])], (x) => ops.adaptiveAvgPool2d(x!, [3, 4]), (x) => adaptiveAvgRef(x!, [3, 4])),
    sample('[4,4] -> 2', [inp([1, 3, 4, 4])], (x) => ops.adaptiveAvgPool2d(x!, 2), (x) => adaptiveAvgRef(x!, [2, 2])),
    sample('global (-> 1)', [inp([2, 3, 3, 5])], (x) => ops.adaptiveAvgPool2d(x!, 1), (x) => adaptiveAvgRef(x!, [1, 1])),
    sample('[3,5] -> [null,2], unbatched', [inp([2, 3, 5])], (x) => ops.adaptiveAvgPool2d(x!, [null, 2]), (x) => unbatch(adaptiveAvgRef(batch1(x!), [3, 2]))),
  ],
};

const UNFOLD: OpEntry = {
  name: 'unfold',
  differentiable: true,
  samples: [
    sample('2x2 on [2,2,3,4]', [inp([2, 2, 3, 4])], (x) => ops.unfold(x!, { kernelSize: 2 }), (x) => unfoldRef(x!, geo([2, 2]))),
    sample('3x2 stride [2,1] padding 1 dilation [1,2]', [inp([1, 2, 5, 5])], (x) => ops.unfold(x!, { kernelSize: [3, 2], stride: [2, 1], padding: 1, dilation: [1, 2] }),
      (x) => unfoldRef(x!, geo([3, 2], [2, 1], [1, 1], [1, 2]))),
    sample('unbatched', [inp([2, 3, 3])], (x) => ops.unfold(x!, { kernelSize: 2, padding: 1, stride: 2 }), (x) => unbatch(unfoldRef(batch1(x!), geo([2, 2], [2, 2], [1, 1])))),
  ],
};

const FOLD: OpEntry = {
  name: 'fold',
  differentiable: true,
  samples: [
    sample('2x2 overlapping into 3x4', [inp([2, 8, 6])], (c) => ops.fold(c!, { outputSize: [3, 4], kernelSize: 2 }), (c) => foldRef(c!, geo([2, 2]), [3, 4])),
    sample('3x3 stride 2 padding 1 into 5x4', [inp([1, 18, 6])], (c) => ops.fold(c!, { outputSize: [5, 4], kernelSize: 3, stride: 2, padding: 1 }),
      (c) => foldRef(c!, geo([3, 3], [2, 2], [1, 1]), [5, 4])),
    sample('unbatched, dilation 2', [inp([4, 4])], (c) => ops.fold(c!, { outputSize: 4, kernelSize: 2, dilation: 2 }),
      (c) => unbatch(foldRef(batch1(c!), geo([2, 2], [1, 1], [0, 0], [2, 2]), [4, 4]))),
  ],
};

/** The convolution and pooling entries of the op database. */
export const CONV_OPS: OpEntry[] = [CONV2D, CONV_TRANSPOSE2D, MAX_POOL2D, AVG_POOL2D, ADAPTIVE_AVG_POOL2D, UNFOLD, FOLD];
