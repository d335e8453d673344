// What the interop tests share: bounded waits, deterministic payloads both sides can rebuild
// (Node, Python, the browser), our echo server in-process, and peer processes that are
// always stopped.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { WsServer, type ServerOptions } from '../../electron/transport/server';
import type { WsSocket, WsSocketEvents } from '../../electron/transport/ws-socket';

export const HOST = '127.0.0.1';
export const MiB = 1024 * 1024;
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const WSB = fileURLToPath(new URL('../../bin/wsb.js', import.meta.url));
export const PEERS = fileURLToPath(new URL('./peers/', import.meta.url));

/** Settle `promise` or reject after `ms`, naming what never happened. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The arguments of the next `event` on `ws`; rejects after `ms`. */
export function waitFor<K extends keyof WsSocketEvents>(ws: WsSocket, event: K, ms = 5_000): Promise<WsSocketEvents[K]> {
  return within(
    new Promise<WsSocketEvents[K]>((resolve) => {
      // EventEmitter<T>'s listener type stays a deferred conditional for a generic K.
      ws.once(event, ((...args: WsSocketEvents[K]) => resolve(args)) as Parameters<typeof ws.once<K>>[1]);
    }),
    ms,
    `'${String(event)}' event`,
  );
}

/** Our client or server socket once it is open; rejects on failure or after `ms`. */
export function opened(ws: WsSocket, ms = 5_000): Promise<void> {
  return within(
    new Promise<void>((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('failure', reject);
    }),
    ms,
    'opening handshake',
  );
}

/**
 * `n` bytes of binary data: byte i is (31 i + 7) mod 256. The Python and browser peers
 * build the same bytes from the same rule, so a hash or a length proves an exact echo.
 */
export function binaryPattern(n: number): Buffer {
  const out = Buffer.allocUnsafe(n);
  for (let i = 0; i < n; i++) out[i] = (i * 31 + 7) & 0xff;
  return out;
}

/** `n` bytes of UTF-8 text: "aü€😀" (1 + 2 + 3 + 4 bytes) repeated, padded with "x". */
export const TEXT_UNIT = 'aü€😀';
export function textPattern(n: number): Buffer {
  const unit = Buffer.from(TEXT_UNIT, 'utf8');
  const out = Buffer.alloc(n, 'x');
  for (let at = 0; at + unit.length <= n; at += unit.length) unit.copy(out, at);
  return out;
}

export function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Our WsServer on an ephemeral port, echoing every message with its type. */
export async function startOurEchoServer(options: ServerOptions = {}): Promise<{ server: WsServer; port: number; url: string; stop: () => Promise<void> }> {
  const server = new WsServer({ host: HOST, port: 0, ...options });
  server.on('connection', (ws) =>
    ws.on('message', (kind, data) => {
      if (ws.readyState === 'OPEN') ws.send(kind, data);
    }),
  );
  const { port } = await within(server.listen(), 5_000, 'our server to listen');
  const stop = async (): Promise<void> => {
    for (const ws of server.connections) ws.terminate();
    await within(server.close(), 5_000, 'our server to stop');
  };
  return { server, port, url: `ws://${HOST}:${port}/`, stop };
}

export interface PeerProcess {
  readonly child: ChildProcess;
  /** Every stdout line so far. */
  readonly lines: string[];
  stderr(): string;
  /** The first stdout line (past or future) that matches (`input` is the whole line); rejects after `ms` or when the process exits first. */
  line(pattern: RegExp, ms?: number): Promise<RegExpExecArray>;
  /** The exit status; rejects after `ms`. */
  exited(ms?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, then SIGKILL if it lingers; resolves once the process is gone. */
  stop(): Promise<void>;
}

/** Start a peer process with stdout read line by line; the caller must `stop()` it. */
export function startProcess(command: string, args: string[], stdin: 'ignore' | 'pipe' = 'ignore'): PeerProcess {
  const child = spawn(command, args, { cwd: ROOT, stdio: [stdin, 'pipe', 'pipe'] });
  const lines: string[] = [];
  let stderr = '';
  let pending = '';
  const listeners = new Set<() => void>();
  const notify = (): void => listeners.forEach((listener) => listener());
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => {
    pending += chunk;
    const parts = pending.split('\n');
    pending = parts.pop()!;
    lines.push(...parts);
    notify();
  });
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => (stderr += chunk));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  let gone = false;
  void exit.then(() => {
    gone = true;
    notify();
  });
  const describe = (): string => `${command} ${args.join(' ')}`;
  return {
    child,
    lines,
    stderr: () => stderr,
    line(pattern, ms = 5_000) {
      return within(
        new Promise<RegExpExecArray>((resolve, reject) => {
          const check = (): void => {
            for (const line of lines) {
              const match = pattern.exec(line);
              if (match) {
                listeners.delete(check);
                resolve(match);
                return;
              }
            }
            if (gone) {
              listeners.delete(check);
              reject(new Error(`${describe()} exited before printing ${pattern}; stdout: ${lines.join('\n')} stderr: ${stderr}`));
            }
          };
          listeners.add(check);
          check();
        }),
        ms,
        `a line matching ${pattern} from ${describe()} (stdout so far: ${JSON.stringify(lines.slice(-5))}, stderr: ${JSON.stringify(stderr.slice(-500))})`,
      );
    },
    exited: (ms = 5_000) => within(exit, ms, `${describe()} to exit`),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 3_000);
      await within(exit, 6_000, `${describe()} to stop`).finally(() => clearTimeout(killer));
    },
  };
}

/** `node bin/wsb.js serve --port 0 ...args`, once it prints its URL. */
export async function startWsbServe(args: string[] = ['--echo']): Promise<{ process: PeerProcess; port: number; url: string }> {
  const wsb = startProcess(process.execPath, [WSB, 'serve', '--port', '0', ...args]);
  try {
    const match = await wsb.line(/^listening on ws:\/\/127\.0\.0\.1:(\d+)$/, 10_000);
    const port = Number(match[1]);
    return { process: wsb, port, url: `ws://${HOST}:${port}/` };
  } catch (error) {
    await wsb.stop();
    throw error;
  }
}

/** `node bin/wsb.js connect URL ...args`. */
export function startWsbConnect(url: string, args: string[] = ['--echo']): PeerProcess {
  return startProcess(process.execPath, [WSB, 'connect', url, ...args]);
}
