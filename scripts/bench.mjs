// `npm run bench`: our engine against `ws` in one run, ratios printed. Not part of `npm test`.
import { bundleAndRun } from './run-bundled.mjs';

// --expose-gc lets the bench collect garbage between samples, so neither side pays for the other's.
await bundleAndRun('bench/main.ts', 'bench', ['--expose-gc']);
