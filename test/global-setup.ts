import { execFileSync } from 'node:child_process';

/** Tests that run `bin/wsb.js` need dist/ to match the source: rebuild once per run (about a second). */
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}
