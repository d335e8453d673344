// Builds what `npm start` and the tests run, into dist/: the wsb command line, the
// Electron main process and preload, and the renderer (Vite; only when its sources are
// newer than the last build, or with --force). Run by `npm install` (prepare).
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const at = (...parts) => path.join(ROOT, ...parts);

const node = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning' };

export async function buildNode() {
  await Promise.all([
    build({ ...node, entryPoints: { wsb: at('electron/cli/main.ts') }, outdir: at('dist'), format: 'esm', packages: 'external' }),
    // Electron loads CommonJS most simply; a sandboxed preload must be CommonJS and self-contained.
    build({ ...node, entryPoints: { main: at('electron/main/main.ts') }, outdir: at('dist/electron'), outExtension: { '.js': '.cjs' }, format: 'cjs', packages: 'external' }),
    build({ ...node, entryPoints: { preload: at('electron/main/preload.ts') }, outdir: at('dist/electron'), outExtension: { '.js': '.cjs' }, format: 'cjs', external: ['electron'] }),
  ]);
}

const RENDERER_SOURCES = ['renderer', 'shared', 'vite.config.ts', 'package-lock.json'];
const RENDERER_OUTPUT = 'dist/renderer/index.html';

/** The newest modification time under `paths`, in ms. */
function newest(paths) {
  let latest = 0;
  const visit = (file) => {
    if (!existsSync(file)) return;
    const stats = statSync(file);
    if (stats.isDirectory()) for (const name of readdirSync(file)) visit(path.join(file, name));
    else latest = Math.max(latest, stats.mtimeMs);
  };
  for (const file of paths) visit(at(file));
  return latest;
}

export function rendererIsStale() {
  return !existsSync(at(RENDERER_OUTPUT)) || newest(RENDERER_SOURCES) > statSync(at(RENDERER_OUTPUT)).mtimeMs;
}

export async function buildRenderer({ force = false } = {}) {
  if (!force && !rendererIsStale()) return false;
  const { build: viteBuild } = await import('vite');
  await viteBuild({ root: at('renderer'), configFile: at('vite.config.ts'), logLevel: 'warn' });
  return true;
}

export async function buildAll({ force = false } = {}) {
  await buildNode();
  await buildRenderer({ force });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildAll({ force: process.argv.includes('--force') });
}
