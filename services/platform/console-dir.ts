// Where the built console lives: dist/console under the project root (the directory holding
// package.json above this file, from the sources or from the compiled dist/ alike).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function defaultConsoleDir(from = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) return join(from, 'console');
    dir = up;
  }
  return join(dir, 'dist', 'console');
}
