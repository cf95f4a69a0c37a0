// What the host offers the wasm backend: thread count, environment variables, shared memory and a way
// to start a worker. Node is reached through `process.getBuiltinModule` at run time (no `node:` import),
// so browser bundles of the core stay free of Node modules; browsers get Web Workers from a Blob URL.

/** A started worker, as far as the thread pool needs it. */
export interface HostWorker {
  postMessage(message: unknown): void;
  terminate(): void;
}

interface NodeWorkerLike extends HostWorker {
  unref(): void;
  on(event: 'error', fn: (e: unknown) => void): void;
}

interface NodeProcessLike {
  versions?: { node?: string };
  env?: Record<string, string | undefined>;
  getBuiltinModule?: (id: string) => unknown;
}

interface WebWorkerCtor {
  new (url: string, opts?: { name?: string }): HostWorker;
}

function nodeProcess(): NodeProcessLike | undefined {
  const p = (globalThis as { process?: NodeProcessLike }).process;
  return p?.versions?.node ? p : undefined;
}

function nodeModule<T>(id: string): T | undefined {
  const gbm = nodeProcess()?.getBuiltinModule;
  return gbm ? (gbm(id) as T | undefined) : undefined;
}

/** Logical cores: `os.availableParallelism()` in Node, `navigator.hardwareConcurrency` in browsers. */
export function hardwareThreads(): number {
  const os = nodeModule<{ availableParallelism?: () => number; cpus: () => unknown[] }>('node:os');
  if (os) return Math.max(1, os.availableParallelism ? os.availableParallelism() : os.cpus().length);
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  return Math.max(1, nav?.hardwareConcurrency ?? 1);
}

/** An environment variable in Node; always undefined in browsers. */
export function envVar(name: string): string | undefined {
  return nodeProcess()?.env?.[name];
}

/**
 * True when this thread may block in `Atomics.wait` and share memory with workers: Node (main thread
 * included), or a cross-origin-isolated browser *worker* (a browser's main thread may not block).
 */
export function threadsSupported(): boolean {
  if (typeof SharedArrayBuffer === 'undefined' || typeof Atomics === 'undefined') return false;
  if (nodeProcess()) return typeof nodeProcess()?.getBuiltinModule === 'function';
  const g = globalThis as { crossOriginIsolated?: boolean; document?: unknown; Worker?: unknown };
  return g.crossOriginIsolated === true && g.document === undefined && typeof g.Worker === 'function';
}

/** True when `new WebAssembly.Memory({ shared: true })` works here. */
export function sharedMemorySupported(): boolean {
  try {
    const m = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    return m.buffer instanceof SharedArrayBuffer;
  } catch {
    return false;
  }
}

/**
 * Starts a worker running `source` (plain JavaScript). Node workers are unref'd so they never keep the
 * process alive; returns null where the host has no workers.
 */
export function spawnWorker(source: string): HostWorker | null {
  const wt = nodeModule<{ Worker: new (src: string, o: { eval: boolean; name?: string; execArgv?: string[] }) => NodeWorkerLike }>(
    'node:worker_threads',
  );
  if (wt) {
    // NOTE: execArgv [] keeps the parent's loaders (tsx, --import hooks) out of the plain-JS worker.
    const w = new wt.Worker(source, { eval: true, name: 'neurite-wasm', execArgv: [] });
    w.unref();
    // NOTE: a worker that fails to start simply never reports ready; the pool keeps running without it.
    w.on('error', () => undefined);
    return w;
  }
  const g = globalThis as { Worker?: WebWorkerCtor; Blob?: typeof Blob; URL?: typeof URL };
  if (g.Worker && g.Blob && g.URL) {
    const url = g.URL.createObjectURL(new g.Blob([source], { type: 'text/javascript' }));
    return new g.Worker(url, { name: 'neurite-wasm' });
  }
  return null;
}
