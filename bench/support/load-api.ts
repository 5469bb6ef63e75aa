// The API process of bench/load.ts: services/api/main.ts as is, plus a collector the benchmark can
// trigger (SIGUSR2 runs a full GC; start with --expose-gc) so idle RSS is read after a collection.
process.on('SIGUSR2', () => {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
});
require('../../services/api/main');
