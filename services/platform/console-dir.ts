// Where the built console lives: compiled code (<out>/services/platform) serves <out>/console, the
// build beside it; the sources serve dist/console under the project root (the directory holding
// package.json above this file), which `npm start` builds when missing.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export function defaultConsoleDir(from = __dirname): string {
  const besideBuild = resolve(from, '../../console');
  if (existsSync(join(besideBuild, 'index.html'))) return besideBuild;
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) return besideBuild;
    dir = up;
  }
  return join(dir, 'dist', 'console');
}
