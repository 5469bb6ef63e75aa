#!/usr/bin/env node
// Builds the console (console/src/main.tsx, preact) with esbuild into dist/console: hashed assets
// under assets/ and an index.html naming them. `npm run build` runs it; `npm start` runs it with
// --if-missing. The API serves the result at /console (services/api/console-static.ts).
//   node scripts/build-console.mjs [--out-dir DIR] [--if-missing]
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { 'out-dir': { type: 'string', default: 'dist/console' }, 'if-missing': { type: 'boolean', default: false } } });
const outDir = resolve(root, values['out-dir']);
const log = (m) => process.stdout.write(`[build-console] ${m}\n`);

if (values['if-missing'] && existsSync(join(outDir, 'index.html'))) process.exit(0);

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: ['console/src/main.tsx'],
  outdir: join(outDir, 'assets'),
  entryNames: '[name]-[hash]',
  assetNames: '[name]-[hash]',
  bundle: true,
  minify: true,
  sourcemap: 'linked',
  format: 'esm',
  target: 'es2020',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  tsconfig: 'console/tsconfig.json',
  metafile: true,
  logLevel: 'warning',
});
const outputs = Object.keys(result.metafile.outputs).map((o) => basename(o));
const js = outputs.find((o) => o.endsWith('.js'));
const css = outputs.find((o) => o.endsWith('.css'));
if (!js) throw new Error('esbuild wrote no JavaScript');

writeFileSync(join(outDir, 'index.html'), `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Keel Console</title>
${css ? `<link rel="stylesheet" href="/console/assets/${css}">\n` : ''}<script type="module" src="/console/assets/${js}"></script>
</head>
<body>
<div id="app"></div>
<noscript>The Keel console needs JavaScript.</noscript>
</body>
</html>
`);
log(`${outDir}: ${[js, css].filter(Boolean).join(', ')}`);
