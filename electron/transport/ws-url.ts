/** Where a ws:// or wss:// URL points (RFC 6455 §3). */
export interface WsTarget {
  secure: boolean;
  host: string;
  port: number;
  /** Path and query, never empty; the fragment is not part of it (§3). */
  path: string;
}

/** Parse a WebSocket URL; throws an Error with one clear sentence for anything else. */
export function parseWsUrl(input: string): WsTarget {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new Error(`not a valid URL: ${JSON.stringify(input)} (expected ws://host:port/path or wss://…)`);
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') throw new Error(`unsupported scheme ${JSON.stringify(url.protocol.slice(0, -1))}: use ws:// or wss://`);
  if (url.hash !== '') throw new Error('a WebSocket URL may not contain a fragment (#…)');
  if (url.hostname === '') throw new Error(`the URL ${JSON.stringify(input)} has no host`);
  const secure = url.protocol === 'wss:';
  return {
    secure,
    host: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
    port: url.port === '' ? (secure ? 443 : 80) : Number(url.port),
    path: `${url.pathname || '/'}${url.search}`,
  };
}
