export interface HeartbeatOptions {
  /** Send a ping every this many ms. */
  pingInterval: number;
  /** Close with 1011 when no pong comes within this many ms of a ping. */
  pingTimeout: number;
  /** The ping payload; a counter by default. */
  pingPayload?: Uint8Array;
}

/** The part of a WsSocket a heartbeat needs. */
export interface Pingable {
  readonly readyState: string;
  ping(payload: Uint8Array): void;
  close(code: number, reason: string): void;
  on(event: 'pong', listener: (payload: Buffer) => void): unknown;
  once(event: 'close', listener: () => void): unknown;
}

/**
 * Liveness for half-dead connections (a NAT that dropped an idle flow): ping on an
 * interval and close with 1011 when a pong is late (RFC 6455 §5.5.2, §5.5.3; 1011 as ws
 * and websockets do). The transport's close timer drops TCP if the close cannot complete.
 */
export function startHeartbeat(ws: Pingable, options: HeartbeatOptions, onTimeout: (message: string) => void): () => void {
  let counter = 0;
  let deadline: NodeJS.Timeout | null = null;
  const interval = setInterval(() => {
    if (ws.readyState !== 'OPEN' || deadline !== null) return;
    ws.ping(options.pingPayload ?? Buffer.from(String(++counter)));
    deadline = setTimeout(() => {
      const message = `no pong within ${options.pingTimeout} ms`;
      stop();
      onTimeout(message);
      if (ws.readyState === 'OPEN') ws.close(1011, message);
    }, options.pingTimeout);
  }, options.pingInterval);

  const stop = () => {
    clearInterval(interval);
    if (deadline !== null) clearTimeout(deadline);
    deadline = null;
  };
  // Any pong proves the peer alive (§5.5.3 allows unsolicited ones too).
  ws.on('pong', () => {
    if (deadline !== null) clearTimeout(deadline);
    deadline = null;
  });
  ws.once('close', stop);
  return stop;
}
