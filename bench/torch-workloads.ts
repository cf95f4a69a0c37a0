// PyTorch on the same workloads, when `python3 -c "import torch"` works on this machine (never
// required: the bench skips it cleanly otherwise).

import { spawnSync } from 'node:child_process';
import { FASHION_BENCH, stepsPerEval } from './fashion-mnist.js';

const { batch: FB, lr: FLR, evalSamples: FEVAL } = FASHION_BENCH;

const SCRIPT = String.raw`
import json, time, torch
torch.set_num_threads(2)
def timeit(fn, budget=1.5):
    fn(); fn()
    reps, t0 = 0, time.perf_counter()
    while reps < 3 or time.perf_counter() - t0 < budget:
        fn(); reps += 1
    return (time.perf_counter() - t0) / reps
n = 1024
a, b = torch.randn(n, n), torch.randn(n, n)
out = {'matmul_gflops': 2 * n**3 / timeit(lambda: a @ b) / 1e9}
model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10))
opt = torch.optim.Adam(model.parameters(), 1e-3)
for batch in (128, 32):
    x, y = torch.randn(batch, 784), torch.arange(batch) * 7 % 10
    def step():
        opt.zero_grad(); torch.nn.functional.cross_entropy(model(x), y).backward(); opt.step()
    out['train_%d' % batch] = batch / timeit(step)
xi = torch.randn(1000, 784)
with torch.no_grad():
    out['infer_1000'] = 1000 / timeit(lambda: model(xi))
lstm, head = torch.nn.LSTM(32, 128), torch.nn.Linear(128, 10)
opt = torch.optim.Adam([*lstm.parameters(), *head.parameters()], 1e-3)
xs, ys = torch.randn(50, 64, 32), torch.arange(64) * 7 % 10
def lstm_step():
    opt.zero_grad(); torch.nn.functional.cross_entropy(head(lstm(xs)[0][-1]), ys).backward(); opt.step()
out['train_lstm_64'] = 64 / timeit(lstm_step)
import gzip, os
d = '/usr/share/datasets/fashion-mnist'
if os.path.isdir(d):
    def idx(name, offset):
        with gzip.open(os.path.join(d, name)) as f:
            return torch.frombuffer(bytearray(f.read()[offset:]), dtype=torch.uint8)
    xtr = idx('train-images-idx3-ubyte.gz', 16).reshape(-1, 784).float() / 255
    ytr = idx('train-labels-idx1-ubyte.gz', 8).long()
    xte = idx('t10k-images-idx3-ubyte.gz', 16).reshape(-1, 784).float() / 255
    yte = idx('t10k-labels-idx1-ubyte.gz', 8).long()
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10))
    opt = torch.optim.Adam(model.parameters(), ${FLR})
    trained, steps, done = 0.0, 0, False
    while not done and trained < 120:
        perm = torch.randperm(len(xtr))
        for s in range(0, len(xtr) - ${FB - 1}, ${FB}):
            i = perm[s:s + ${FB}]
            t0 = time.perf_counter()
            opt.zero_grad(); torch.nn.functional.cross_entropy(model(xtr[i]), ytr[i]).backward(); opt.step()
            trained += time.perf_counter() - t0
            steps += 1
            if steps % ${stepsPerEval(FEVAL, FB)} == 0:
                with torch.no_grad():
                    acc = (model(xte).argmax(1) == yte).float().mean().item()
                if acc >= 0.87:
                    out['fashion_s_to_87'] = trained
                    done = True
                    break
print(json.dumps(out))
`;

/** PyTorch results (GFLOP/s and samples/s), or null when PyTorch is not importable. */
export function torchResults(): Record<string, number> | null {
  // The first Python that imports torch: PATH's, then Debian's python3-torch (with its OpenMP OpenBLAS).
  const python = ['python3', '/usr/bin/python3'].find((py) => spawnSync(py, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0);
  if (python === undefined) return null;
  const env = { ...process.env, LD_LIBRARY_PATH: process.env.LD_LIBRARY_PATH ?? '/usr/lib/x86_64-linux-gnu/openblas-openmp' };
  const r = spawnSync(python, ['-c', SCRIPT], { encoding: 'utf8', timeout: 600000, env });
  if (r.status !== 0) return null;
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, number>;
}
