import net from 'node:net';
import { HttpHeadParser } from '../protocol/http-head';
import { ProtocolError } from '../protocol/errors';
import type { WsTarget } from './ws-url';

export interface ProxyTarget {
  host: string;
  port: number;
  /** Basic proxy credentials from the proxy URL, decoded. */
  username: string;
  password: string;
  /** The proxy URL without credentials, for messages. */
  display: string;
}

/** Parse `http://[user:pass@]host:port`; throws one clear sentence for anything else. */
export function parseProxyUrl(input: string): ProxyTarget {
  let url: URL;
  try {
    url = new URL(input.includes('://') ? input : `http://${input}`);
  } catch {
    throw new Error(`not a valid proxy URL: ${JSON.stringify(input)} (expected http://[user:pass@]host:port)`);
  }
  if (url.protocol !== 'http:') throw new Error(`unsupported proxy scheme ${JSON.stringify(url.protocol.slice(0, -1))}: only http:// proxies (CONNECT) are supported`);
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return {
    host,
    port: url.port === '' ? 80 : Number(url.port),
    username: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    display: `${url.protocol}//${url.host}`,
  };
}

/**
 * The proxy the environment names for this target: HTTPS_PROXY for wss://, HTTP_PROXY for
 * ws:// (either case), unless NO_PROXY lists the host (`*`, a name, a `.suffix`, or `host:port`).
 */
export function proxyFromEnvironment(target: WsTarget, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const proxy = target.secure ? (env.HTTPS_PROXY ?? env.https_proxy) : (env.HTTP_PROXY ?? env.http_proxy);
  if (!proxy) return undefined;
  const noProxy = env.NO_PROXY ?? env.no_proxy ?? '';
  return bypassesProxy(target, noProxy) ? undefined : proxy;
}

function bypassesProxy(target: WsTarget, noProxy: string): boolean {
  const host = target.host.toLowerCase();
  return noProxy
    .split(/[,\s]+/)
    .filter((entry) => entry !== '')
    .some((entry) => {
      if (entry === '*') return true;
      const colon = entry.lastIndexOf(':');
      const hasPort = colon > 0 && !entry.includes(']') && entry.indexOf(':') === colon;
      const name = (hasPort ? entry.slice(0, colon) : entry).toLowerCase().replace(/^\*?\./, '.');
      if (hasPort && Number(entry.slice(colon + 1)) !== target.port) return false;
      return name.startsWith('.') ? host.endsWith(name) || host === name.slice(1) : host === name;
    });
}

/**
 * Open a TCP tunnel to `target` through an HTTP proxy with CONNECT (RFC 9110 §9.3.6).
 * Resolves with the socket once the proxy answers 2xx; rejects with the proxy's own
 * status line when it refuses (407, 403, 502...).
 */
export function openTunnel(proxy: ProxyTarget, target: { host: string; port: number }, timeoutMs: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: proxy.host, port: proxy.port });
    const parser = new HttpHeadParser('response');
    const fail = (message: string, cause?: unknown) => {
      socket.destroy();
      clearTimeout(timer);
      reject(new Error(message, { cause }));
    };
    const timer = setTimeout(() => fail(`the proxy ${proxy.display} did not answer CONNECT within ${timeoutMs} ms`), timeoutMs);
    const authority = target.host.includes(':') ? `[${target.host}]:${target.port}` : `${target.host}:${target.port}`;
    const lines = [`CONNECT ${authority} HTTP/1.1`, `Host: ${authority}`];
    if (proxy.username !== '' || proxy.password !== '') {
      lines.push(`Proxy-Authorization: Basic ${Buffer.from(`${proxy.username}:${proxy.password}`).toString('base64')}`);
    }
    socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    socket.on('error', (error: NodeJS.ErrnoException) => fail(`cannot reach the proxy ${proxy.display}: ${error.code === 'ECONNREFUSED' ? 'connection refused' : error.message}`, error));
    socket.on('close', () => fail(`the proxy ${proxy.display} closed the connection before answering CONNECT`));
    socket.on('data', onData);

    function onData(chunk: Buffer): void {
      let head;
      try {
        head = parser.push(chunk);
      } catch (error) {
        fail(`the proxy ${proxy.display} sent a malformed answer: ${error instanceof ProtocolError ? error.message : String(error)}`, error);
        return;
      }
      if (head === null) return;
      const status = head.status ?? 0;
      if (status < 200 || status > 299) {
        fail(`the proxy ${proxy.display} refused the tunnel to ${authority}: ${status} ${head.reason ?? ''}`.trimEnd());
        return;
      }
      clearTimeout(timer);
      // Paused until the WebSocket layer attaches, so no byte after the proxy's answer is lost.
      socket.pause();
      socket.removeAllListeners('data');
      socket.removeAllListeners('error');
      socket.removeAllListeners('close');
      if (head.rest.length > 0) socket.unshift(head.rest);
      resolve(socket);
    }
  });
}
