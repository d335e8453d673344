export interface HeartbeatOptions {
  /** Send a ping every this many ms. */
  pingInterval: number;
  /** Close with 1011 when no pong comes within this many ms of a ping. */
  pingTimeout: number;
  /** The ping payload; a counter by default. */
  pingPayload?: Uint8Array;
}

/**
 * Refuse, at once, settings the heartbeat could only fail on later, in a timer: a ping
 * payload over 125 bytes (RFC 6455 §5.5), an interval or timeout under 1 ms.
 */
export function checkHeartbeat(options: HeartbeatOptions): void {
  if (!(options.pingInterval >= 1) || !(options.pingTimeout >= 1)) {
    throw new RangeError(`a heartbeat needs pingInterval and pingTimeout of at least 1 ms, not ${options.pingInterval} and ${options.pingTimeout}`);
  }
  const length = options.pingPayload?.length ?? 0;
  if (length > 125) throw new RangeError(`a ping payload is at most 125 bytes, not ${length}`);
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
      // Once the close handshake has started, the close timer decides; a late pong is no failure.
      if (ws.readyState !== 'OPEN') return;
      onTimeout(message);
      ws.close(1011, message);
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
