// npm run bench -- NAME: runs bench/NAME.ts, which prints one JSON object as its last line.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const name = process.argv[2];
const available = readdirSync(__dirname).filter((f) => f.endsWith('.ts') && f !== 'run.ts').map((f) => f.replace(/\.ts$/, ''));
if (!name || !existsSync(join(__dirname, `${name}.ts`))) {
  process.stderr.write(`usage: npm run bench -- NAME   (available: ${available.join(', ')})\n`);
  process.exit(2);
}
process.argv.splice(2, 1);
require(join(__dirname, name));
