// Interop with Python `websockets` (Debian's python3-websockets, 10.x, run with /usr/bin/python3)
// both ways, without compression: its client against `wsb serve --echo` and our WsServer, our
// client (connect() and `wsb connect --echo`) against its server. The peers are small scripts
// in test/interop/peers/; payloads follow a rule both languages share (helpers.ts, patterns.py).
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import type { MessageKind } from '../../electron/protocol/connection';
import { connect } from '../../electron/transport/client';
import type { WsSocket } from '../../electron/transport/ws-socket';
import { binaryPattern, MiB, opened, PEERS, sha256, startOurEchoServer, startProcess, startWsbConnect, startWsbServe, textPattern, waitFor, within, type PeerProcess } from './helpers';

const PYTHON = '/usr/bin/python3';
/** No __pycache__ left in test/interop/peers. */
const PY_NO_BYTECODE = '-B';
/** The sizes patterns.py SIZES lists: 1 B to 1 MiB across the 7-, 16- and 64-bit length forms. */
const SIZES = [1, 125, 126, 65535, 65536, MiB];
const MESSAGE_ARGS = SIZES.flatMap((n) => [`T:${n}`, `B:${n}`]);
/** What client.py prints for each echoed message of MESSAGE_ARGS. */
const EXPECTED_ECHOES = SIZES.flatMap((n) => [
  { event: 'message', kind: 'text', length: n, sha256: sha256(textPattern(n)) },
  { event: 'message', kind: 'binary', length: n, sha256: sha256(binaryPattern(n)) },
]);

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

type JsonLine = Record<string, unknown>;

/** Run client.py to the end; its JSON lines, or an error with its stderr when it fails. */
async function runPythonClient(url: string, args: string[]): Promise<JsonLine[]> {
  const client = startProcess(PYTHON, [PY_NO_BYTECODE, `${PEERS}client.py`, url, ...args]);
  onTestFinished(() => client.stop());
  const { code } = await client.exited(15_000);
  if (code !== 0) throw new Error(`client.py exited ${code}: ${client.stderr()}`);
  return client.lines.map((line) => JSON.parse(line) as JsonLine);
}

/** The JSON line the Python server prints when the connection `id` ends. */
async function serverClosed(server: PeerProcess, id: string): Promise<JsonLine> {
  const { input } = await server.line(new RegExp(`^\\{"event": "closed", "id": "${id}"`), 5_000);
  return JSON.parse(input) as JsonLine;
}

let nextId = 0;
const freshId = (): string => `c${nextId++}`;

beforeEach(() => {
  if (missingPython !== null) throw new Error(missingPython);
});

describe('the Python websockets client against `wsb serve --echo`', () => {
  let wsb: Awaited<ReturnType<typeof startWsbServe>>;
  beforeAll(async () => {
    wsb = await startWsbServe(['--echo', '--subprotocol', 'chat']);
  });
  afterAll(async () => {
    await wsb?.process.stop();
  });

  it('text and binary messages of 1 B to 1 MiB come back exactly', async () => {
    const lines = await runPythonClient(wsb.url, MESSAGE_ARGS);
    expect(lines).toEqual([{ event: 'open', subprotocol: null }, ...EXPECTED_ECHOES, { event: 'closed', code: 1000, reason: '' }]);
  });

  it.each([
    { code: 1000, reason: 'normal' },
    { code: 1001, reason: 'going away' },
    { code: 3000, reason: 'registered' },
    { code: 4999, reason: 'ünïcödé ✓' },
  ])('Python closes with $code: wsb logs it and answers with the code', async ({ code, reason }) => {
    const lines = await runPythonClient(wsb.url, ['t:hello', '--close', String(code), '--reason', reason]);
    expect(lines.at(-1)).toEqual({ event: 'closed', code, reason: '' });
    await expect.poll(() => wsb.process.stderr(), { timeout: 5_000 }).toMatch(new RegExp(`client \\d+: closed ${code} ${reason}\\n`));
  });

  it('a ping from Python gets its pong', async () => {
    const lines = await runPythonClient(wsb.url, ['--ping', 'are you there?']);
    expect(lines).toContainEqual({ event: 'pong' });
  });

  it('wsb accepts the subprotocol Python offers', async () => {
    const lines = await runPythonClient(wsb.url, ['--subprotocol', 'nope', '--subprotocol', 'chat']);
    expect(lines[0]).toEqual({ event: 'open', subprotocol: 'chat' });
  });
});

describe('the Python websockets client against our WsServer in-process', () => {
  let ours: Awaited<ReturnType<typeof startOurEchoServer>>;
  const received: Array<[MessageKind, Buffer]> = [];
  beforeAll(async () => {
    ours = await startOurEchoServer({ subprotocols: ['v2', 'v1'] });
    ours.server.on('connection', (ws) => ws.on('message', (kind, data) => received.push([kind, data])));
  });
  afterAll(async () => {
    await ours?.stop();
  });

  it('our server receives each message exactly, and Python gets each back exactly', async () => {
    received.length = 0;
    const lines = await runPythonClient(ours.url, MESSAGE_ARGS);
    expect(lines.slice(1, -1)).toEqual(EXPECTED_ECHOES);
    expect(received.map(([kind, data]) => ({ kind, length: data.length, sha256: sha256(data) }))).toEqual(EXPECTED_ECHOES.map(({ event: _event, ...rest }) => rest));
  });

  it.each([
    { code: 1000, reason: '' },
    { code: 1008, reason: 'policy' },
    { code: 4000, reason: 'r'.repeat(123) },
  ])('Python closes with $code: our server reports the code and reason of a clean close', async ({ code, reason }) => {
    const closed = new Promise<unknown>((resolve) => ours.server.once('connection', (ws) => ws.once('close', resolve)));
    const lines = await runPythonClient(ours.url, ['t:x', '--close', String(code), '--reason', reason]);
    expect(lines.at(-1)).toEqual({ event: 'closed', code, reason: '' });
    expect(await within(closed, 5_000, 'close at our server')).toEqual({ code, reason, wasClean: true, initiatedBy: 'remote' });
  });

  it('our server closes with 4001 and a reason; Python sees both and echoes them', async () => {
    const closed = new Promise<unknown>((resolve) =>
      ours.server.once('connection', (ws) => {
        ws.once('message', () => ws.close(4001, 'server says bye'));
        ws.once('close', resolve);
      }),
    );
    const lines = await runPythonClient(ours.url, ['t:close me', '--wait-close']);
    expect(lines.at(-1)).toEqual({ event: 'closed', code: 4001, reason: 'server says bye' });
    expect(await within(closed, 5_000, 'close at our server')).toEqual({ code: 4001, reason: 'server says bye', wasClean: true, initiatedBy: 'local' });
  });

  it('our server picks its preferred subprotocol among those Python offers', async () => {
    const lines = await runPythonClient(ours.url, ['--subprotocol', 'v1', '--subprotocol', 'v2']);
    expect(lines[0]).toEqual({ event: 'open', subprotocol: 'v2' });
  });
});

describe('our client against the Python websockets server', () => {
  let python: PeerProcess;
  let base = '';
  beforeAll(async () => {
    if (missingPython !== null) return;
    python = startProcess(PYTHON, [PY_NO_BYTECODE, `${PEERS}echo_server.py`]);
    try {
      const { input } = await python.line(/^\{"event": "listening"/, 10_000);
      base = `ws://127.0.0.1:${(JSON.parse(input) as { port: number }).port}`;
    } catch (error) {
      await python.stop();
      throw error;
    }
  });
  afterAll(async () => {
    await python?.stop();
  });

  async function openOurClient(path: string, subprotocols: string[] = []): Promise<WsSocket> {
    const ws = connect(`${base}${path}`, { subprotocols });
    onTestFinished(() => ws.terminate());
    await opened(ws);
    return ws;
  }

  describe('connect()', () => {
    it.each(SIZES.flatMap((size) => (['text', 'binary'] as const).map((kind) => ({ kind, size }))))('a $size-byte $kind message comes back exactly', async ({ kind, size }) => {
      const ws = await openOurClient(`/echo?id=${freshId()}`);
      const sent = kind === 'text' ? textPattern(size) : binaryPattern(size);
      ws.send(kind, sent);
      const [echoKind, echo] = await waitFor(ws, 'message', 10_000);
      expect(echoKind).toBe(kind);
      expect(echo.length).toBe(size);
      expect(echo.equals(sent)).toBe(true);
    });

    it.each([
      { code: 1000, reason: '' },
      { code: 1001, reason: 'leaving' },
      { code: 3000, reason: 'registered' },
      { code: 4999, reason: 'ünïcödé ✓' },
    ])('we close with $code: Python sees the code and reason and echoes them', async ({ code, reason }) => {
      const id = freshId();
      const ws = await openOurClient(`/echo?id=${id}`);
      const closed = waitFor(ws, 'close');
      ws.close(code, reason);
      expect((await closed)[0]).toEqual({ code, reason, wasClean: true, initiatedBy: 'local' });
      expect(await serverClosed(python, id)).toMatchObject({ code, reason });
    });

    it('Python closes with 4002 and a reason; we report both and answer with the code', async () => {
      const id = freshId();
      const ws = await openOurClient(`/echo?id=${id}`);
      const closed = waitFor(ws, 'close');
      ws.sendText('!close 4002 python says bye');
      expect((await closed)[0]).toEqual({ code: 4002, reason: 'python says bye', wasClean: true, initiatedBy: 'remote' });
      expect(await serverClosed(python, id)).toMatchObject({ code: 4002, reason: '' });
    });

    it('we close without a code: Python sees 1005 (no status)', async () => {
      const id = freshId();
      const ws = await openOurClient(`/echo?id=${id}`);
      const closed = waitFor(ws, 'close');
      ws.close();
      expect((await closed)[0]).toMatchObject({ code: 1005, wasClean: true });
      expect(await serverClosed(python, id)).toMatchObject({ code: 1005 });
    });

    it('a ping from us gets its pong from Python', async () => {
      const ws = await openOurClient(`/echo?id=${freshId()}`);
      const pong = waitFor(ws, 'pong');
      ws.ping(Buffer.from('ping from node'));
      expect((await pong)[0].toString()).toBe('ping from node');
    });

    it('Python picks the subprotocol we offer that it speaks', async () => {
      const id = freshId();
      const ws = connect(`${base}/echo?id=${id}`, { subprotocols: ['nope', 'superchat'] });
      onTestFinished(() => ws.terminate());
      const handshake = waitFor(ws, 'handshake');
      await opened(ws);
      expect((await handshake)[0].subprotocol).toBe('superchat');
      ws.close(1000);
      expect(await serverClosed(python, id)).toMatchObject({ subprotocol: 'superchat' });
    });
  });

  describe('`wsb connect URL --echo`', () => {
    it('echoes text and binary messages of 1 B to 1 MiB exactly, and exits 0 after Python closes with 1000', async () => {
      const id = freshId();
      const wsb = startWsbConnect(`${base}/drive?id=${id}&close=1000`, ['--echo']);
      onTestFinished(() => wsb.stop());
      const { input } = await python.line(new RegExp(`^\\{"event": "drive", "id": "${id}"`), 15_000);
      expect(JSON.parse(input)).toEqual({ event: 'drive', id, ok: true, checked: 12 });
      expect((await wsb.exited(5_000)).code, wsb.stderr()).toBe(0);
      expect(await serverClosed(python, id)).toMatchObject({ code: 1000 });
    });

    it('exits 1 and says why when Python closes with 4000', async () => {
      const id = freshId();
      const wsb = startWsbConnect(`${base}/drive?id=${id}&close=4000`, ['--echo']);
      onTestFinished(() => wsb.stop());
      expect((await wsb.exited(15_000)).code).toBe(1);
      expect(wsb.stderr()).toBe('wsb: closed by the server with 4000 Private Use: done\n');
      expect(await serverClosed(python, id)).toMatchObject({ code: 4000 });
    });
  });
});
