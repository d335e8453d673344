// `node bin/wsb.js` as a child process, bounded in time: every process started here is
// killed by `killAllWsb` (called from afterEach) if it is still running.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { within } from './helpers';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const running = new Set<ChildProcessWithoutNullStreams>();

export interface WsbExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export class WsbProcess {
  readonly child: ChildProcessWithoutNullStreams;
  stdout = '';
  stderr = '';
  private readonly exited: Promise<WsbExit>;

  constructor(args: string[]) {
    this.child = spawn(process.execPath, ['bin/wsb.js', ...args], { cwd: REPO, stdio: 'pipe' });
    running.add(this.child);
    // A wsb that exits before reading its stdin makes our writes fail with EPIPE; its exit status says why.
    this.child.stdin.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
    });
    this.child.stdout.setEncoding('utf8').on('data', (chunk: string) => (this.stdout += chunk));
    this.child.stderr.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    this.exited = new Promise((resolve) => {
      this.child.once('close', (code, signal) => {
        running.delete(this.child);
        resolve({ code, signal, stdout: this.stdout, stderr: this.stderr });
      });
    });
  }

  /** The first match of `pattern` in stdout (or stderr), once it has been printed. */
  async output(pattern: RegExp, stream: 'stdout' | 'stderr' = 'stdout', ms = 5_000): Promise<RegExpMatchArray> {
    const deadline = Date.now() + ms;
    for (;;) {
      const match = this[stream].match(pattern);
      if (match) return match;
      if (Date.now() > deadline) throw new Error(`wsb never printed ${pattern} on ${stream}; stdout: ${JSON.stringify(this.stdout)}, stderr: ${JSON.stringify(this.stderr)}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** The exit status and everything printed; fails the test if wsb is still running after `ms`. */
  exit(ms = 5_000): Promise<WsbExit> {
    return within(this.exited, ms, `wsb to exit (stdout: ${JSON.stringify(this.stdout)}, stderr: ${JSON.stringify(this.stderr)})`);
  }
}

/** Start `wsb args…`. */
export function startWsb(...args: string[]): WsbProcess {
  return new WsbProcess(args);
}

/** Run `wsb args…` to completion with `stdin` (closed at once) and return what it printed. */
export function runWsb(args: string[], stdin = '', ms = 5_000): Promise<WsbExit> {
  const wsb = new WsbProcess(args);
  wsb.child.stdin.end(stdin);
  return wsb.exit(ms);
}

/** Kill every wsb a test left running. */
export function killAllWsb(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}
