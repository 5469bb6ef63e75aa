// npm run build: compiles the product code to JavaScript (tsconfig.build.json) and bundles workflows/
// into <out>/workflow-bundle.js, which the compiled worker loads instead of bundling at start-up;
// builds the console into <out>/console (scripts/build-console.mjs), which the API serves at /console.
//   tsx scripts/build.ts [--out-dir DIR]     (default dist; DIR must be inside the project so the
//                                             compiled code finds node_modules)
import { execFileSync } from 'node:child_process';
import { copyFileSync, rmSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { bundleWorkflowCode } from '@temporalio/worker';
import { workflowBundleOptions } from '../services/worker';

const root = resolve(__dirname, '..');
const { values } = parseArgs({ options: { 'out-dir': { type: 'string', default: 'dist' } } });
const outDir = resolve(root, values['out-dir']!);
const inside = relative(root, outDir);
if (!inside || inside.startsWith('..') || isAbsolute(inside)) {
  throw new Error(`--out-dir ${outDir}: must be a directory inside ${root}`);
}

const log = (m: string) => process.stdout.write(`[build] ${m}\n`);

rmSync(outDir, { recursive: true, force: true });
log(`tsc -p tsconfig.build.json --outDir ${inside}`);
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json'), '--outDir', outDir], { stdio: 'inherit' });

// tsc compiles only TypeScript; the SDK requires the failure converter by path at run time.
copyFileSync(join(root, 'services/temporal/failure-converter.cjs'), join(outDir, 'services/temporal/failure-converter.cjs'));
log('building the console');
execFileSync(process.execPath, [join(root, 'scripts/build-console.mjs'), '--out-dir', join(outDir, 'console')], { stdio: 'inherit' });

log('bundling workflows/');
const quiet = () => {};
bundleWorkflowCode({
  ...workflowBundleOptions(),
  logger: { trace: quiet, debug: quiet, info: quiet, log: quiet, warn: (m) => log(`bundle: ${m}`), error: (m) => log(`bundle: ${m}`) },
})
  .then(({ code }) => {
    writeFileSync(join(outDir, 'workflow-bundle.js'), code);
    log(`${inside}/workflow-bundle.js written`);
  })
  .catch((err: unknown) => {
    process.stderr.write(`[build] bundling failed: ${err instanceof Error ? err.message : err}\n`);
    process.exit(1);
  });
