// `npm run bench:ui`: floods the timeline in Chromium through browser mode, after building
// what `wsb web` serves. Needs /usr/bin/chromium. Not part of `npm test`.
import { buildAll } from './build.mjs';
import { bundleAndRun } from './run-bundled.mjs';

await buildAll();
await bundleAndRun('bench/ui/main.ts', 'bench-ui');
