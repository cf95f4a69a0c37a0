// The wasm backend in a real browser (Debian's headless Chromium driven by playwright-core), from the
// compiled dist/ modules: on a plain page (no SharedArrayBuffer: the unshared module, one thread) and in
// a Worker of a cross-origin-isolated page (shared memory, Web Worker helpers), against the reference
// backend. `npm test` builds dist/ first; .ci/run installs Chromium.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

const root = join(import.meta.dirname, '..', '..');
const CHROMIUM = '/usr/bin/chromium';
const missing = !existsSync(CHROMIUM) ? `${CHROMIUM} is not installed (apt-get install chromium)` :
  !existsSync(join(root, 'dist/src/backend/wasm/wasm-backend.js')) ? 'dist/ is not built (npm run build)' : null;

// Runs in the browser (page or worker): products, a convolution and max pooling on wasm vs the reference.
const CHECK = `
import { wasmBackend } from '/dist/src/backend/wasm/wasm-backend.js';
import { referenceBackend } from '/dist/src/backend/reference/reference-backend.js';
import { setNumThreads, threadsReady } from '/dist/src/backend/wasm/threads.js';
import { wasmFeatures } from '/dist/src/backend/wasm/wasm-runtime.js';

let seed = 7;
const rand = (n) => Float32Array.from({ length: n }, () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) - 0.5);
const worst = (got, want) => got.reduce((w, g, i) => Math.max(w, Math.abs(g - want[i]) / (1 + Math.abs(want[i]))), 0);

export async function check(threads) {
  seed = 7;
  setNumThreads(threads);
  // NOTE: not waitForThreads: a blocked Worker never lets the helper Workers it creates start
  const ready = threads > 1 ? await threadsReady(20000) : 0;
  const mm = { batch: 1, m: 67, k: 300, n: 1100, transA: false, transB: true };
  const a = rand(mm.m * mm.k), b = rand(mm.k * mm.n);
  const got = new Float32Array(mm.m * mm.n), want = new Float32Array(mm.m * mm.n);
  wasmBackend.matmul(a, b, got, mm);
  referenceBackend.matmul(a, b, want, mm);
  const d = { n: 2, c: 3, h: 9, w: 8, kh: 3, kw: 3, sh: 1, sw: 1, ph: 1, pw: 1, dh: 1, dw: 1, oh: 9, ow: 8, batchInner: true, o: 4, groups: 1 };
  const x = rand(2 * 3 * 9 * 8), w = rand(4 * 3 * 9);
  const y = new Float32Array(2 * 4 * 9 * 8), yr = new Float32Array(y.length);
  wasmBackend.conv2d(x, w, d, y);
  referenceBackend.conv2d(x, w, d, yr);
  const p = { ...d, kh: 2, kw: 2, sh: 2, sw: 2, ph: 0, pw: 0, oh: 4, ow: 4, batchInner: false };
  const pool = new Float32Array(2 * 3 * 16), poolr = new Float32Array(pool.length);
  wasmBackend.maxPool(x, p, pool);
  referenceBackend.maxPool(x, p, poolr);
  return {
    features: wasmFeatures(), ready, matmulErr: worst(got, want), convErr: worst(y, yr),
    poolSame: pool.every((v, i) => Object.is(v, poolr[i])), product: Array.from(got.slice(0, 64)),
  };
}
`;

const WORKER = `
import { check } from '/__check.js';
self.onmessage = async () => {
  try {
    const one = await check(1);
    const two = await check(2);
    self.postMessage({ one, two });
  } catch (e) {
    self.postMessage({ error: String(e && e.stack || e) });
  }
};
`;

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.html': 'text/html', '.json': 'application/json' };

/** Serves the repository (and the two scripts above) on a free port; `isolated` adds COOP/COEP. */
function serve(isolated: boolean): Promise<Server> {
  const server = createServer((req, res) => {
    const headers: Record<string, string> = isolated
      ? { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' } : {};
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    let body: string | Buffer | null = null;
    if (path === '/') body = '<!doctype html><title>neurite</title>';
    else if (path === '/__check.js') body = CHECK;
    else if (path === '/__worker.js') body = WORKER;
    else {
      const file = normalize(join(root, path));
      if (file.startsWith(join(root, 'dist')) && existsSync(file)) body = readFileSync(file);
    }
    if (body === null) {
      res.writeHead(404, headers).end();
      return;
    }
    res.writeHead(200, { ...headers, 'Content-Type': path === '/' ? 'text/html' : TYPES[extname(path)] ?? 'text/javascript' }).end(body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const url = (s: Server): string => `http://127.0.0.1:${(s.address() as AddressInfo).port}/`;

interface Result {
  features: { relaxedSimd: boolean; sharedMemory: boolean; helpers: number };
  ready: number;
  matmulErr: number;
  convErr: number;
  poolSame: boolean;
  product: number[];
}

describe('wasm backend in headless Chromium', { skip: missing ?? false }, () => {
  let browser: Browser;
  let plain: Server;
  let isolated: Server;
  before(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    plain = await serve(false);
    isolated = await serve(true);
  });
  after(async () => {
    await browser?.close();
    plain?.close();
    isolated?.close();
  });

  test('a plain page runs the unshared module on one thread and matches the reference', async () => {
    const page = await browser.newPage();
    await page.goto(url(plain));
    const r = await page.evaluate(async () => {
      const m = (await import('/__check.js' as string)) as { check: (t: number) => Promise<unknown> };
      return { isolated: (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated, result: await m.check(2) };
    }) as { isolated: boolean; result: Result };
    assert.equal(r.isolated, false);
    assert.equal(r.result.features.sharedMemory, false, 'no SharedArrayBuffer on a plain page');
    assert.equal(r.result.features.helpers, 0);
    assert.ok(r.result.matmulErr < 1e-5, `matmul ${r.result.matmulErr}`);
    assert.ok(r.result.convErr < 1e-5, `conv2d ${r.result.convErr}`);
    assert.ok(r.result.poolSame, 'maxPool bit-identical');
    await page.close();
  });

  test('a Worker of a cross-origin-isolated page uses shared memory and a Web Worker helper, bit-identical to one thread', async () => {
    const page = await browser.newPage();
    await page.goto(url(isolated));
    type Outcome = { isolated?: boolean; error?: string; one: Result; two: Result };
    const r = await page.evaluate(() => new Promise<unknown>((resolve) => {
      const w = new Worker('/__worker.js', { type: 'module' });
      w.onmessage = (e: MessageEvent) => resolve({ isolated: (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated, ...e.data });
      w.onerror = (e: ErrorEvent) => resolve({ error: e.message });
      w.postMessage('go');
    })) as Outcome;
    assert.equal(r.error, undefined, r.error);
    assert.equal(r.isolated, true);
    assert.equal(r.two.features.sharedMemory, true);
    assert.equal(r.two.ready, 1, 'the helper Web Worker started');
    for (const res of [r.one, r.two]) {
      assert.ok(res.matmulErr < 1e-5, `matmul ${res.matmulErr}`);
      assert.ok(res.convErr < 1e-5, `conv2d ${res.convErr}`);
      assert.ok(res.poolSame, 'maxPool bit-identical');
    }
    assert.deepEqual(r.two.product, r.one.product, 'two threads give the one-thread product bit for bit');
    await page.close();
  });
});
