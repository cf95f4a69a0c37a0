// Worker threads for the wasm kernels: every worker instantiates the same module on the same shared
// memory and sleeps in Atomics.wait on its slot of a control block; a job is a kernel index, an
// argument pointer and a part number. The calling thread runs part 0 itself, withdraws jobs no worker
// has started yet, and blocks (no spinning) until every worker that did start has finished.

import { spawnWorker, type HostWorker } from './platform.js';
import { CANCELLED, SLOT, WORKER_SOURCE } from './worker-source.js';

/** Most threads a pool will use (the control block is sized for this many slots). */
export const MAX_THREADS = 64;

interface Slot {
  worker: HostWorker;
  base: number;
}

/** A kernel callable on any thread: (args pointer, part, number of parts). */
export type PartKernel = (args: number, part: number, nparts: number) => void;

/** The pool of helper threads of one wasm runtime. */
export class ThreadPool {
  private readonly slots: Slot[] = [];
  private readonly ctrl: Int32Array;

  /**
   * @param module the compiled kernel module (workers instantiate it)
   * @param memory the shared memory (workers import it)
   * @param ctrlPtr byte offset of the control block inside `memory`
   * @param fns export names a job may run, by index
   */
  constructor(
    private readonly module: WebAssembly.Module,
    private readonly memory: WebAssembly.Memory,
    private readonly ctrlPtr: number,
    private readonly fns: readonly string[],
  ) {
    this.ctrl = new Int32Array(memory.buffer, ctrlPtr, MAX_THREADS * SLOT.size);
  }

  /** Helper threads started so far (the calling thread is not counted). */
  get helpers(): number {
    return this.slots.length;
  }

  /**
   * Starts helpers until there are `n` (never fewer than now: idle helpers sleep in Atomics.wait and
   * cost nothing, and `run` uses only as many as asked). Returns how many exist afterwards.
   */
  grow(n: number): number {
    const want = Math.max(0, Math.min(MAX_THREADS - 1, n));
    while (this.slots.length < want) {
      const index = this.slots.length;
      const base = index * SLOT.size;
      const worker = spawnWorker(WORKER_SOURCE);
      if (!worker) break;
      worker.postMessage({ module: this.module, memory: this.memory, ctrl: this.ctrlPtr, index, fns: this.fns });
      this.slots.push({ worker, base });
    }
    return this.slots.length;
  }

  /** Number of helpers that have instantiated the module and wait for jobs. */
  readyHelpers(): number {
    return this.slots.filter((s) => Atomics.load(this.ctrl, s.base + SLOT.ready) === 1).length;
  }

  /** Blocks up to `timeoutMs` until every helper is ready; returns whether they all are. */
  waitReady(timeoutMs: number): boolean {
    const deadline = Date.now() + timeoutMs;
    for (const s of this.slots) {
      while (Atomics.load(this.ctrl, s.base + SLOT.ready) !== 1) {
        const left = deadline - Date.now();
        if (left <= 0) return false;
        Atomics.wait(this.ctrl, s.base + SLOT.ready, 0, left);
      }
    }
    return true;
  }

  /**
   * Runs kernel `fn` over the calling thread and up to `maxHelpers` ready helpers; every thread calls
   * it with its own part number, and the kernel shares out the work (see the matmul's range counter).
   * `local` is the same kernel on the calling thread's instance. Helpers still starting are skipped,
   * and a helper that has not started its job when the caller is done (the OS did not schedule it) is
   * withdrawn rather than waited for when `canWithdraw` is set: only for kernels that share out the
   * work dynamically (the matmul's range counter: the caller then takes the withdrawn helper's
   * ranges). Kernels that split statically by part number (the window kernels) must leave it unset,
   * or a withdrawn part would never be computed.
   */
  run(fn: number, local: PartKernel, args: number, maxHelpers: number, { canWithdraw = false }: { canWithdraw?: boolean } = {}): void {
    const used: Slot[] = [];
    for (const s of this.slots) {
      if (used.length >= maxHelpers) break;
      if (Atomics.load(this.ctrl, s.base + SLOT.ready) === 1) used.push(s);
    }
    const nparts = used.length + 1;
    const c = this.ctrl;
    const seqs = used.map((s, i) => {
      c[s.base + SLOT.fn] = fn;
      c[s.base + SLOT.args] = args;
      c[s.base + SLOT.part] = i + 1;
      c[s.base + SLOT.nparts] = nparts;
      const seq = (Atomics.load(c, s.base + SLOT.seq) + 1) | 0;
      Atomics.store(c, s.base + SLOT.claim, seq);
      Atomics.store(c, s.base + SLOT.seq, seq);
      Atomics.notify(c, s.base + SLOT.seq);
      return seq;
    });
    local(args, 0, nparts);
    used.forEach((s, i) => {
      const seq = seqs[i]!;
      // NOTE: withdrawing succeeds only while the job is unclaimed; a claimed job is waited for.
      if (canWithdraw && Atomics.compareExchange(c, s.base + SLOT.claim, seq, seq ^ CANCELLED) === seq) return;
      for (;;) {
        const done = Atomics.load(c, s.base + SLOT.done);
        if (done === seq) break;
        Atomics.wait(c, s.base + SLOT.done, done);
      }
    });
  }
}
