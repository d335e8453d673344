// Bundles the Node side (the wsb command line) into dist/. Run by `npm install` (prepare).
import { build } from 'esbuild';

await build({
  entryPoints: { wsb: 'electron/cli/main.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
