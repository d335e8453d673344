import { randomBytes } from 'node:crypto';
import { WebSocket, WebSocketServer } from 'ws';
import { connect } from '../electron/transport/client';
import { WsServer } from '../electron/transport/server';
import type { WsSocket } from '../electron/transport/ws-socket';
import { interleave, now, type Pair } from './stats';

/** ws's bench/speed.js shape: one client sends a binary message, waits for the echo, repeats. */
export const ECHO_CONFIGS = [
  { label: '10,000 x 64 B', count: 10_000, size: 64 },
  { label: '5,000 x 16 KiB', count: 5_000, size: 16 * 1024 },
  { label: '1,000 x 128 KiB', count: 1_000, size: 128 * 1024 },
  { label: '100 x 1 MiB', count: 100, size: 1024 * 1024 },
];

interface EchoPair {
  /** Send `data` `count` times, each after the previous echo; resolves with the elapsed ms. */
  roundTrips(data: Buffer, count: number): Promise<number>;
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';

/** Wait for `done`, but no more than 2 s: then `giveUp` and go on. */
async function bounded(done: Promise<void>, giveUp: () => void): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      giveUp();
      resolve();
    }, 2000);
  });
  await Promise.race([done, late]);
  clearTimeout(timer);
}

function checkReply(reply: Buffer, data: Buffer, last: boolean): string | null {
  if (reply.length !== data.length) return `echo of ${reply.length} bytes, expected ${data.length}`;
  if (last && !reply.equals(data)) return 'the echo differs from what was sent';
  return null;
}

/** Our client against our server. */
async function startOurs(): Promise<EchoPair> {
  const server = new WsServer({ host: HOST, port: 0 });
  server.on('connection', (ws) => ws.on('message', (kind, data) => ws.send(kind, data)));
  const { port } = await server.listen();
  const client = connect(`ws://${HOST}:${port}/`);
  await new Promise<void>((resolve, reject) => {
    client.once('open', resolve);
    client.once('failure', reject);
  });
  return {
    roundTrips: (data, count) => ourRoundTrips(client, data, count),
    async stop() {
      if (client.readyState !== 'CLOSED') {
        const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
        client.close(1000);
        await bounded(closed, () => client.terminate());
      }
      await server.close();
    },
  };
}

function ourRoundTrips(client: WsSocket, data: Buffer, count: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let left = count;
    let start = 0;
    const done = (error: Error | null) => {
      client.off('message', onMessage);
      client.off('close', onClose);
      if (error) reject(error);
      else resolve(now() - start);
    };
    const onMessage = (_kind: string, reply: Buffer) => {
      const problem = checkReply(reply, data, left === 1);
      if (problem) return done(new Error(`ours: ${problem}`));
      if (--left === 0) return done(null);
      client.sendBinary(data);
    };
    const onClose = () => done(new Error('ours: the connection closed during the run'));
    client.on('message', onMessage);
    client.on('close', onClose);
    start = now();
    client.sendBinary(data);
  });
}

/** ws's client against ws's server, permessage-deflate off on both. */
async function startWs(): Promise<EchoPair> {
  const server = new WebSocketServer({ host: HOST, port: 0, perMessageDeflate: false });
  server.on('connection', (ws) => ws.on('message', (data: Buffer, isBinary) => ws.send(data, { binary: isBinary })));
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  const client = new WebSocket(`ws://${HOST}:${port}/`, { perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    client.once('open', resolve);
    client.once('error', reject);
  });
  return {
    roundTrips: (data, count) => wsRoundTrips(client, data, count),
    async stop() {
      if (client.readyState !== WebSocket.CLOSED) {
        const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
        client.close(1000);
        await bounded(closed, () => client.terminate());
      }
      for (const peer of server.clients) peer.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function wsRoundTrips(client: WebSocket, data: Buffer, count: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let left = count;
    let start = 0;
    const done = (error: Error | null) => {
      client.off('message', onMessage);
      client.off('close', onClose);
      if (error) reject(error);
      else resolve(now() - start);
    };
    const onMessage = (reply: Buffer, isBinary: boolean) => {
      const problem = isBinary ? checkReply(reply, data, left === 1) : 'a text echo';
      if (problem) return done(new Error(`ws: ${problem}`));
      if (--left === 0) return done(null);
      client.send(data, { binary: true });
    };
    const onClose = () => done(new Error('ws: the connection closed during the run'));
    client.on('message', onMessage);
    client.on('close', onClose);
    start = now();
    client.send(data, { binary: true });
  });
}

export interface EchoResult {
  label: string;
  /** Median elapsed ms for the whole run. */
  ms: Pair;
  bytes: number;
}

/** Every echo row: both servers up for the whole run, stopped at the end even on failure. */
export async function runEcho(samples: number, onRow: (row: EchoResult) => void): Promise<void> {
  const pairs: Partial<Record<keyof Pair, EchoPair>> = {};
  try {
    pairs.ours = await startOurs();
    pairs.ws = await startWs();
    const both = pairs as Record<keyof Pair, EchoPair>;
    for (const config of ECHO_CONFIGS) {
      const data = randomBytes(config.size);
      // Warm-up: a fifth of the run on each side.
      const warm = Math.max(1, Math.floor(config.count / 5));
      await both.ours.roundTrips(data, warm);
      await both.ws.roundTrips(data, warm);
      const ms = await interleave(samples, (side) => both[side].roundTrips(data, config.count));
      onRow({ label: config.label, ms, bytes: 2 * config.size * config.count });
    }
  } finally {
    // Both servers stop, whatever happened to the other.
    const stopped = await Promise.allSettled([pairs.ours?.stop(), pairs.ws?.stop()]);
    for (const result of stopped) if (result.status === 'rejected') console.error('stopping a server failed:', result.reason);
  }
}
