// The API process of bench/load.ts: services/api/main.ts as is, plus a collector the benchmark can
// trigger (SIGUSR2 runs a full GC; start with --expose-gc) so idle memory is read after a collection.
// With LOAD_MEMORY_FILE set, the process writes its process.memoryUsage() there as JSON after the
// GC, so the benchmark can tell what the JavaScript heap holds from what the allocator keeps.
import { writeFileSync } from 'node:fs';

process.on('SIGUSR2', () => {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  const file = process.env.LOAD_MEMORY_FILE;
  if (file) writeFileSync(file, JSON.stringify(process.memoryUsage()));
});
require('../../services/api/main');
