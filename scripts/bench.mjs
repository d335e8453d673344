// `npm run bench`: bundles bench/*.ts into dist/bench/ (dist/ is where `ws` still resolves
// from node_modules) and runs it in a fresh node. Not part of `npm test`.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, 'dist', 'bench', 'bench.mjs');

await build({
  entryPoints: [join(root, 'bench', 'main.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});

// --expose-gc lets the bench collect garbage between samples, so neither side pays for the other's.
const run = spawnSync(process.execPath, ['--expose-gc', '--enable-source-maps', outfile, ...process.argv.slice(2)], { stdio: 'inherit' });
if (run.error) throw run.error;
process.exitCode = run.status ?? 1;
