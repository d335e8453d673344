// A real HTTP proxy for the proxy tests: Debian's tinyproxy, in the foreground, with a
// config file of our own, on a free port of 127.0.0.1. No ConnectPort line, so CONNECT
// may reach any port. `.ci/run` installs it; without it the tests fail, saying so.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HOST, within } from './helpers';

export const TINYPROXY = '/usr/bin/tinyproxy';

export interface Tinyproxy {
  port: number;
  /** http://[user:pass@]127.0.0.1:port with the credentials it was given, percent-encoded. */
  url: string;
  /** Everything tinyproxy printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/** A port nothing listens on: bound, then released. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, HOST, resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Resolve once `port` accepts a TCP connection; reject when `child` exits first or after `ms`. */
async function acceptsConnections(port: number, child: ChildProcess, ms: number, output: () => string): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`tinyproxy exited (${child.exitCode ?? child.signalCode}) before listening: ${output()}`);
    const accepted = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, HOST);
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (accepted) return;
    if (Date.now() > deadline) throw new Error(`tinyproxy did not listen on ${HOST}:${port} within ${ms} ms: ${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Start tinyproxy; with `auth`, it demands those Basic credentials. */
export async function startTinyproxy(auth?: { user: string; password: string }): Promise<Tinyproxy> {
  if (!existsSync(TINYPROXY)) throw new Error(`the proxy tests need tinyproxy at ${TINYPROXY} (apt-get install -y tinyproxy; .ci/run installs it)`);
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'wsb-tinyproxy-'));
  const config = join(dir, 'tinyproxy.conf');
  const lines = [`Port ${port}`, `Listen ${HOST}`, `Allow ${HOST}`, 'LogLevel Error', 'MaxClients 50', 'Timeout 30'];
  if (auth) lines.push(`BasicAuth ${auth.user} ${auth.password}`);
  writeFileSync(config, `${lines.join('\n')}\n`);
  const child = spawn(TINYPROXY, ['-d', '-c', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  let printed = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (printed += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (printed += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 2_000);
      await within(exited, 5_000, 'tinyproxy to stop').finally(() => clearTimeout(killer));
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await acceptsConnections(port, child, 5_000, () => printed);
  } catch (error) {
    await stop();
    throw error;
  }
  const credentials = auth ? `${encodeURIComponent(auth.user)}:${encodeURIComponent(auth.password)}@` : '';
  return { port, url: `http://${credentials}${HOST}:${port}`, output: () => printed, stop };
}
