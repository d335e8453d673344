// `npm run bench:ui`: bundles bench/ui/*.ts into dist/bench/ and runs it in a fresh node,
// after building what `wsb web` serves. Needs /usr/bin/chromium. Not part of `npm test`.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { buildAll } from './build.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, 'dist', 'bench', 'bench-ui.mjs');

await buildAll();
await build({
  entryPoints: [join(root, 'bench', 'ui', 'main.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});

const run = spawnSync(process.execPath, ['--enable-source-maps', outfile, ...process.argv.slice(2)], { stdio: 'inherit', cwd: root });
if (run.error) throw run.error;
process.exitCode = run.status ?? 1;
