// Bundles a TypeScript entry into dist/bench/ (where `ws` still resolves from node_modules)
// and runs it in a fresh node with the given flags and this process's arguments.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export async function bundleAndRun(entry, name, nodeFlags = []) {
  const outfile = join(root, 'dist', 'bench', `${name}.mjs`);
  await build({
    entryPoints: [join(root, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
  });
  const run = spawnSync(process.execPath, [...nodeFlags, '--enable-source-maps', outfile, ...process.argv.slice(2)], { stdio: 'inherit', cwd: root });
  if (run.error) throw run.error;
  process.exitCode = run.status ?? 1;
}
