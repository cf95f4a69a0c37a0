// Dynamic work sharing for threaded kernels: every thread takes the next chunk index from a shared
// counter until none is left, so a thread that starts late (the OS woke it late) takes fewer chunks
// and nobody waits for it; any schedule gives the same results, since a chunk is computed the same
// way whoever takes it.

/** Takes the next chunk index from the shared counter (atomically when the module has threads). */
export function nextChunk(counter: usize): i32 {
  if (ASC_FEATURE_THREADS) return atomic.add<i32>(counter, 1);
  const c = load<i32>(counter);
  store<i32>(counter, c + 1);
  return c;
}
