// permessage-deflate (RFC 7692) with Python `websockets` (Debian's python3-websockets 10.x, run
// with /usr/bin/python3), where compression is on by default: its client against
// `wsb serve --echo --deflate` and our WsServer, our client (connect() and `wsb connect`)
// against its server, which answers server_max_window_bits=12; client_max_window_bits=12.
// The peers are peers/deflate_client.py and peers/deflate_echo_server.py.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import type { Frame } from '../../shared/frame-record';
import { connect, type ConnectOptions } from '../../electron/transport/client';
import type { WsSocket } from '../../electron/transport/ws-socket';
import { binaryPattern, HOST, MiB, opened, PEERS, sha256, startOurEchoServer, startProcess, startWsbConnect, startWsbServe, textPattern, waitFor, WSB, type PeerProcess } from './helpers';

const PYTHON = '/usr/bin/python3';
/** 1 B to 1 MiB across the length forms, text and binary, then 16 MiB of binary once. */
const SIZES = [1, 125, 126, 1024, 65535, 65536, MiB];
const MESSAGE_ARGS = [...SIZES.flatMap((n) => [`T:${n}`, `B:${n}`]), `B:${16 * MiB}`];
const EXPECTED_ECHOES = [
  ...SIZES.flatMap((n) => [
    { event: 'message', equal: true, kind: 'text', length: n, sha256: sha256(textPattern(n)) },
    { event: 'message', equal: true, kind: 'binary', length: n, sha256: sha256(binaryPattern(n)) },
  ]),
  { event: 'message', equal: true, kind: 'binary', length: 16 * MiB, sha256: sha256(binaryPattern(16 * MiB)) },
];

/** Why Python websockets cannot run here, or null. Checked once; every test then fails (not skips) with it. */
function pythonWebsocketsProblem(): string | null {
  try {
    execFileSync(PYTHON, ['-c', 'import websockets; assert int(websockets.__version__.split(".")[0]) >= 10, websockets.__version__'], { stdio: 'pipe' });
    return null;
  } catch (error) {
    const detail = error instanceof Error && 'stderr' in error ? String(error.stderr).trim().split('\n').pop() : String(error);
    return `Python websockets >= 10 is required at ${PYTHON} (apt-get install -y python3-websockets): ${detail}`;
  }
}
const missingPython = pythonWebsocketsProblem();

beforeEach(() => {
  if (missingPython !== null) throw new Error(missingPython);
});

type JsonLine = Record<string, unknown>;

/** Run deflate_client.py to the end; its JSON lines, or an error with its stderr when it fails. */
async function runPythonClient(url: string, args: string[]): Promise<JsonLine[]> {
  const client = startProcess(PYTHON, [`${PEERS}deflate_client.py`, url, ...args]);
  onTestFinished(() => client.stop());
  const { code } = await client.exited(20_000);
  if (code !== 0) throw new Error(`deflate_client.py exited ${code}: ${client.stderr()}`);
  return client.lines.map((line) => JSON.parse(line) as JsonLine);
}

/** Data frames our socket records, by direction. */
function dataFrames(ws: WsSocket): { in: Frame[]; out: Frame[] } {
  const frames = { in: [] as Frame[], out: [] as Frame[] };
  ws.on('frame', (direction, frame) => frame.opcode < 8 && frames[direction].push(frame));
  return frames;
}

let nextId = 0;
const freshId = (): string => `d${nextId++}`;

describe('the Python websockets client against `wsb serve --echo --deflate`', () => {
  let wsb: Awaited<ReturnType<typeof startWsbServe>> | undefined;
  beforeAll(async () => {
    wsb = await startWsbServe(['--echo', '--deflate']);
  });
  afterAll(async () => {
    await wsb?.process.stop();
  });

  it('Python offers permessage-deflate; client_max_window_bits, wsb agrees, and messages of 1 B to 16 MiB come back exactly', async () => {
    const lines = await runPythonClient(wsb!.url, MESSAGE_ARGS);
    expect(lines).toEqual([
      { event: 'open', offered: 'permessage-deflate; client_max_window_bits', agreed: 'permessage-deflate' },
      ...EXPECTED_ECHOES,
      { event: 'closed', code: 1000, reason: '' },
    ]);
  });

  it('a repeat 16 KiB back in one message, and the same message again (context takeover both ways)', async () => {
    const lines = await runPythonClient(wsb!.url, ['R:16384', 'R:16384', 'T:5000', 'T:5000']);
    expect(lines.filter((line) => line.event === 'message').map((line) => line.equal)).toEqual([true, true, true, true]);
  });

  it('Python offering no context takeover both ways: wsb agrees and the echoes are exact', async () => {
    const lines = await runPythonClient(wsb!.url, ['--offer', '{"server_no_context_takeover": true, "client_no_context_takeover": true}', 'T:5000', 'T:5000', 'R:4096']);
    expect(lines[0]).toEqual({
      event: 'open',
      offered: 'permessage-deflate; server_no_context_takeover; client_no_context_takeover; client_max_window_bits',
      agreed: 'permessage-deflate; server_no_context_takeover; client_no_context_takeover',
    });
    expect(lines.filter((line) => line.event === 'message').map((line) => line.equal)).toEqual([true, true, true]);
  });
});

describe('the Python websockets client against our WsServer with deflate', () => {
  it('Python\'s messages arrive compressed: RSV1 on the frame, a compressed length, the inflated message', async () => {
    const ours = await startOurEchoServer({ deflate: {}, recordFrames: true });
    onTestFinished(() => ours.stop());
    const frames: Frame[] = [];
    ours.server.on('accept', (ws) => ws.on('frame', (direction, frame) => direction === 'in' && frame.opcode < 8 && frames.push(frame)));
    await runPythonClient(ours.url, ['T:65536']);
    expect(frames).toHaveLength(1);
    expect(frames[0]).toMatchObject({ rsv1: true, opcode: 1, fin: true });
    expect(frames[0].payloadLength).toBeLessThan(1024);
    expect(Buffer.from(frames[0].inflated!).equals(textPattern(65536))).toBe(true);
  });

  it('our window limits (server 10 bits, client 10 bits) and server_no_context_takeover: Python keeps to them', async () => {
    const ours = await startOurEchoServer({ deflate: { serverMaxWindowBits: 10, clientMaxWindowBits: 10, serverNoContextTakeover: true }, recordFrames: true });
    onTestFinished(() => ours.stop());
    const frames: Frame[] = [];
    ours.server.on('accept', (ws) => ws.on('frame', (direction, frame) => direction === 'in' && frame.opcode < 8 && frames.push(frame)));
    const lines = await runPythonClient(ours.url, ['R:8192']);
    expect(lines[0]).toMatchObject({ agreed: 'permessage-deflate; server_no_context_takeover; server_max_window_bits=10; client_max_window_bits=10' });
    expect(lines[1]).toMatchObject({ equal: true, length: 16384 });
    // With a 1 KiB window Python cannot point 8 KiB back: the repeat costs its full size.
    expect(frames[0].rsv1).toBe(true);
    expect(frames[0].payloadLength).toBeGreaterThan(16384);
  });
});

describe('our client against the Python websockets server (compression on by default)', () => {
  let python: PeerProcess | undefined;
  let base = '';
  beforeAll(async () => {
    if (missingPython !== null) return;
    python = startProcess(PYTHON, [`${PEERS}deflate_echo_server.py`]);
    const match = await python.line(/^\{"event": "listening", "port": (\d+)\}$/, 10_000);
    base = `ws://${HOST}:${match[1]}`;
  });
  afterAll(async () => {
    await python?.stop();
  });

  /** The JSON line the Python server prints when the connection `id` ends. */
  async function serverClosed(id: string): Promise<JsonLine> {
    const { input } = await python!.line(new RegExp(`^\\{"event": "closed", "id": "${id}"`), 5_000);
    return JSON.parse(input) as JsonLine;
  }

  async function openOurs(url: string, options: ConnectOptions): Promise<{ ws: WsSocket; extensions: string | null; frames: { in: Frame[]; out: Frame[] } }> {
    const ws = connect(url, { ...options, recordFrames: true });
    onTestFinished(() => ws.terminate());
    const handshake = waitFor(ws, 'handshake');
    const frames = dataFrames(ws);
    await opened(ws);
    return { ws, extensions: (await handshake)[0].extensions, frames };
  }

  it('connect(): the agreed extension carries Python\'s window bits, and our client keeps to client_max_window_bits=12', async () => {
    const id = freshId();
    const { ws, extensions, frames } = await openOurs(`${base}/echo?id=${id}`, { deflate: {} });
    expect(extensions).toBe('permessage-deflate; server_max_window_bits=12; client_max_window_bits=12');
    // 8 KiB of random bytes twice: a 15-bit window would point 8 KiB back, which Python's 12-bit
    // inflater refuses (1007). Within 12 bits there is nothing to point at: about 16 KiB.
    const block = randomBytes(8192);
    const message = Buffer.concat([block, block]);
    const echo = waitFor(ws, 'message');
    ws.sendBinary(message);
    const [kind, data] = await echo;
    expect(kind).toBe('binary');
    expect(data.equals(message)).toBe(true);
    expect(frames.out[0].rsv1).toBe(true);
    expect(frames.out[0].payloadLength).toBeGreaterThan(16384);
    expect(frames.in[0].rsv1).toBe(true);
    ws.close(1000);
    expect(await serverClosed(id)).toMatchObject({ offered: 'permessage-deflate; client_max_window_bits', code: 1000 });
  });

  it('connect(): 1 B to 16 MiB, text and binary, one after another on one connection, come back exactly', async () => {
    const { ws, frames } = await openOurs(`${base}/echo?id=${freshId()}`, { deflate: {} });
    const cases = [...SIZES.flatMap((n) => [textPattern(n), binaryPattern(n)]), binaryPattern(16 * MiB)];
    for (const [i, sent] of cases.entries()) {
      const kind = i < 2 * SIZES.length && i % 2 === 0 ? 'text' : 'binary';
      const echo = waitFor(ws, 'message', 15_000);
      ws.send(kind, sent);
      const [backKind, back] = await echo;
      expect(backKind).toBe(kind);
      expect(back.equals(sent), `${kind} ${sent.length} B`).toBe(true);
    }
    // Python compresses every message (it has no threshold); we compress from 1 KiB on.
    expect(frames.in.every((frame) => frame.rsv1)).toBe(true);
    expect(frames.out.map((frame) => frame.rsv1)).toEqual(cases.map((sent) => sent.length >= 1024));
  });

  it('connect() offering no context takeover and a 10-bit server window: Python agrees, the echoes are exact', async () => {
    const id = freshId();
    const { ws, extensions } = await openOurs(`${base}/echo?id=${id}`, { deflate: { serverNoContextTakeover: true, clientNoContextTakeover: true, serverMaxWindowBits: 10 } });
    expect(extensions).toBe('permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=10; client_max_window_bits=12');
    for (const sent of [textPattern(5000), textPattern(5000), binaryPattern(70_000)]) {
      const echo = waitFor(ws, 'message');
      ws.send(sent.length === 5000 ? 'text' : 'binary', sent);
      expect((await echo)[1].equals(sent)).toBe(true);
    }
  });

  it('`wsb connect --deflate --echo` against /drive: Python sends 1 B to 16 MiB compressed, wsb echoes each exactly, exit 0', async () => {
    const id = freshId();
    const wsb = startWsbConnect(`${base}/drive?id=${id}`, ['--echo', '--deflate']);
    onTestFinished(() => wsb.stop());
    const drive = await python!.line(new RegExp(`^\\{"event": "drive", "id": "${id}"`), 20_000);
    expect(JSON.parse(drive.input)).toEqual({ event: 'drive', id, ok: true, checked: 2 * 6 + 1 });
    expect(await wsb.exited(5_000)).toEqual({ code: 0, signal: null });
    expect(await serverClosed(id)).toMatchObject({ agreed: 'permessage-deflate; server_max_window_bits=12; client_max_window_bits=12', code: 1000 });
  });

  it('`wsb connect --deflate --json`: the handshake line shows the agreed extension; the frames show RSV1 and inflatedLength', async () => {
    const id = freshId();
    const wsb = startProcess(process.execPath, [WSB, 'connect', `${base}/echo?id=${id}`, '--deflate', '--json'], 'pipe');
    onTestFinished(() => wsb.stop());
    const line = 'python inflates this '.repeat(100);
    wsb.child.stdin!.end(`${line}\n`);
    expect(await wsb.exited(5_000)).toEqual({ code: 0, signal: null });
    const lines = wsb.lines.map((l) => JSON.parse(l) as JsonLine);
    expect(lines[0]).toMatchObject({ type: 'handshake', extensions: 'permessage-deflate; server_max_window_bits=12; client_max_window_bits=12' });
    const text = lines.filter((l) => l.type === 'frame' && l.opcode === 1);
    expect(text.map((l) => [l.direction, l.rsv1, l.inflatedLength, l.text])).toEqual([
      ['out', true, line.length, line],
      ['in', true, line.length, line],
    ]);
    for (const frame of text) expect(frame.payloadLength).toBeLessThan(100);
  });
});
