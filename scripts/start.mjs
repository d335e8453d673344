// `npm start`: build what is stale, then open the Electron app; where Electron cannot run
// (its binary was never downloaded, or there is no display) say so in one line and start
// browser mode instead. `npm start -- --web` goes straight to browser mode; any other
// arguments go to `wsb web` (e.g. `npm start -- --web --port 8300`).
// `npm start -- --workspace FILE` opens that workspace at launch, in either mode.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildAll } from './build.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const args = resolveWorkspacePath(process.argv.slice(2));
const forceWeb = args.includes('--web');
const webArgs = args.filter((arg) => arg !== '--web');
const workspaceArgs = webArgs.flatMap((arg, i) => (arg === '--workspace' ? [arg, webArgs[i + 1]] : arg.startsWith('--workspace=') ? [arg] : [])).filter(Boolean);
/** An Electron that exits this soon with an error did not start at all (a missing library, say). */
const STARTUP_GRACE_MS = 3000;

await buildAll();

const electron = forceWeb ? { path: null, why: null } : findElectron();
if (electron.path === null) {
  if (electron.why !== null) console.log(`Electron cannot run here (${electron.why}); starting browser mode instead.`);
  runBrowserMode();
} else {
  runElectron(electron.path);
}

/** The Electron binary, or why there is none. */
function findElectron() {
  let binary;
  try {
    // The electron package exports the path of its binary, and throws when it was never downloaded.
    binary = createRequire(import.meta.url)('electron');
  } catch {
    return { path: null, why: 'its binary was not downloaded' };
  }
  if (typeof binary !== 'string') return { path: null, why: 'the electron package did not name a binary' };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return { path: null, why: 'there is no display: DISPLAY and WAYLAND_DISPLAY are unset' };
  return { path: binary, why: null };
}

function runElectron(binary) {
  const started = Date.now();
  const child = spawn(binary, [ROOT, ...workspaceArgs], { stdio: 'inherit' });
  forwardSignals(child);
  child.once('error', (error) => {
    console.log(`Electron cannot run here (${error.message}); starting browser mode instead.`);
    runBrowserMode();
  });
  child.once('exit', (code, signal) => {
    if (code !== 0 && signal === null && Date.now() - started < STARTUP_GRACE_MS) {
      console.log(`Electron cannot run here (it exited with status ${code} at startup); starting browser mode instead.`);
      runBrowserMode();
      return;
    }
    process.exit(code ?? 0);
  });
}

function runBrowserMode() {
  // The IPC channel lets wsb web notice if this process dies without passing on a signal.
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'wsb.js'), 'web', ...webArgs], { stdio: ['inherit', 'inherit', 'inherit', 'ipc'] });
  forwardSignals(child);
  child.once('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

/** npm runs this script in the package's folder: a relative workspace path means the user's folder (INIT_CWD). */
function resolveWorkspacePath(argv) {
  const from = process.env.INIT_CWD ?? process.cwd();
  return argv.map((arg, i) => {
    if (argv[i - 1] === '--workspace') return path.resolve(from, arg);
    if (arg.startsWith('--workspace=')) return `--workspace=${path.resolve(from, arg.slice('--workspace='.length))}`;
    return arg;
  });
}

/**
 * Ctrl+C and kill reach the child, which closes every connection and server before it
 * exits. npm does not always pass SIGTERM on, so a parent that goes away counts too.
 */
function forwardSignals(child) {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) child.kill('SIGTERM');
  }, 500).unref();
}
