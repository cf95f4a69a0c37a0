// The source of a kernel worker, as a string so the same code starts as a Node worker (eval) or a
// browser Web Worker (Blob URL). A worker instantiates the kernel module on the shared memory, then
// sleeps in Atomics.wait on its slot of the control block until the pool posts a job.

/** Layout of one worker's slot in the control block (Int32 indices from the slot start). */
export const SLOT = { seq: 0, done: 1, ready: 2, fn: 3, args: 4, part: 5, nparts: 6, claim: 7, size: 8 } as const;

/**
 * States of a job's `claim` word, all derived from the job's sequence number `seq`: `seq` itself while
 * nobody took it, `seq ^ CLAIMED` once the worker started it, `seq ^ CANCELLED` when the caller did
 * all the work first and withdrew it (the worker then skips it and the caller does not wait).
 */
export const CLAIMED = 0x40000000;
/** See `CLAIMED`. */
export const CANCELLED = 0x20000000;

/** Job code that makes a worker return from its loop. */
export const STOP = -1;

/** JavaScript run by each worker; it receives { module, memory, ctrl, index, fns } once. */
export const WORKER_SOURCE = `
'use strict';
const SLOT = ${JSON.stringify(SLOT)};
const CLAIMED = ${CLAIMED};
function serve(msg) {
  const { module, memory, ctrl: ctrlPtr, index, fns } = msg;
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  const kernels = fns.map((name) => instance.exports[name]);
  const ctrl = new Int32Array(memory.buffer, ctrlPtr, (index + 1) * SLOT.size);
  const base = index * SLOT.size;
  let seen = Atomics.load(ctrl, base + SLOT.seq);
  Atomics.store(ctrl, base + SLOT.ready, 1);
  Atomics.notify(ctrl, base + SLOT.ready);
  for (;;) {
    Atomics.wait(ctrl, base + SLOT.seq, seen);
    const seq = Atomics.load(ctrl, base + SLOT.seq);
    if (seq === seen) continue;
    seen = seq;
    // Take the job unless the caller withdrew it (or a newer one replaced it) meanwhile.
    if (Atomics.compareExchange(ctrl, base + SLOT.claim, seq, seq ^ CLAIMED) !== seq) continue;
    const fn = ctrl[base + SLOT.fn];
    if (fn < 0) return;
    kernels[fn](ctrl[base + SLOT.args], ctrl[base + SLOT.part], ctrl[base + SLOT.nparts]);
    Atomics.store(ctrl, base + SLOT.done, seq);
    Atomics.notify(ctrl, base + SLOT.done);
  }
}
if (typeof require === 'function') {
  require('node:worker_threads').parentPort.once('message', serve);
} else {
  self.onmessage = (e) => serve(e.data);
}
`;
