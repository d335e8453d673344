import { describe, expect, it } from 'vitest';
import type { Role } from '../../electron/protocol/connection';
import { ClientConnection } from '../../electron/protocol/client-connection';
import { ServerConnection } from '../../electron/protocol/server-connection';
import { hex, referenceMask, toHex } from './bytes';
import { closeFrameHex, connectPair, fromPeer, HANDSHAKE, openEndpoint, Recorder, RFC_KEY, RFC_MASK_KEY } from './engine-pair';

// RFC 6455 §7: the closing handshake, client and server mirrored, and what may be sent once it
// has begun. Failing the connection (§7.1.7) is in connection-failures.test.ts.

const ROLES: Role[] = ['client', 'server'];
const KEY_HEX = toHex(RFC_MASK_KEY);
const closeFrom = (role: Role, payload: string): Buffer => fromPeer(role, { opcode: 8, payload: hex(payload) });

describe('RFC 6455 §7.1.3 the peer starts the closing handshake', () => {
  it('server: echoes the code, then closes the transport first (§7.1.1)', () => {
    const { conn, rec } = openEndpoint('server');
    conn.receiveData(closeFrom('server', '03 e8 62 79 65')); // 1000 "bye"
    expect(rec.writes).toEqual(['880203e8']);
    expect(rec.events).toEqual([['end']]);
    expect(conn.readyState).toBe('CLOSING');
    conn.receiveEof();
    expect(rec.events.at(-1)).toEqual(['close', { code: 1000, reason: 'bye', wasClean: true, initiatedBy: 'remote' }]);
    expect(conn.readyState).toBe('CLOSED');
  });

  it('client: echoes the code masked, and waits for the server to close the transport', () => {
    const { conn, rec } = openEndpoint('client');
    conn.receiveData(closeFrom('client', '03 e9 62 79 65')); // 1001 "bye"
    expect(rec.writes).toEqual([closeFrameHex('client', 1001)]);
    expect(rec.events).toEqual([]);
    conn.receiveEof();
    expect(rec.events).toEqual([['close', { code: 1001, reason: 'bye', wasClean: true, initiatedBy: 'remote' }]]);
  });

  it.each(ROLES)('%s: answers a Close with no body with an empty Close and reports 1005 (§7.1.5)', (role) => {
    const { conn, rec } = openEndpoint(role);
    conn.receiveData(closeFrom(role, ''));
    expect(rec.writes).toEqual([role === 'server' ? '8800' : `8880${KEY_HEX}`]);
    conn.receiveEof();
    expect(rec.events.at(-1)).toEqual(['close', { code: 1005, reason: '', wasClean: true, initiatedBy: 'remote' }]);
  });

  it.each(ROLES)('%s: processes nothing after a Close frame, in the same chunk or later', (role) => {
    const { conn, rec } = openEndpoint(role);
    conn.receiveData(Buffer.concat([closeFrom(role, '03 e8'), fromPeer(role, { opcode: 1, payload: hex('41') }), fromPeer(role, { opcode: 9, payload: hex('') })]));
    conn.receiveData(fromPeer(role, { opcode: 2, payload: hex('01') }));
    expect(rec.writes).toEqual([closeFrameHex(role, 1000)]);
    expect(rec.events.filter(([type]) => type !== 'end')).toEqual([]);
  });
});

describe('RFC 6455 §7.1.2 this side starts the closing handshake', () => {
  it('server: sends its Close, and closes the transport when the echo arrives', () => {
    const { conn, rec } = openEndpoint('server');
    conn.close(1000, 'done');
    expect(rec.writes).toEqual(['880603e8646f6e65']);
    expect(rec.events).toEqual([]);
    conn.receiveData(closeFrom('server', '03 e8'));
    expect(rec.writes).toHaveLength(1); // no second Close
    expect(rec.events).toEqual([['end']]);
    conn.receiveEof();
    expect(rec.events.at(-1)).toEqual(['close', { code: 1000, reason: '', wasClean: true, initiatedBy: 'local' }]);
  });

  it('client: sends its Close masked, and leaves closing the transport to the server after the echo', () => {
    const { conn, rec } = openEndpoint('client');
    conn.close(4000, 'é');
    expect(rec.writes).toEqual([`888437fa213d${toHex(hex('0f a0 c3 a9').map((b, i) => b ^ RFC_MASK_KEY[i]))}`]);
    conn.receiveData(closeFrom('client', '0f a0'));
    expect(rec.events).toEqual([]);
    conn.receiveEof();
    expect(rec.events).toEqual([['close', { code: 4000, reason: '', wasClean: true, initiatedBy: 'local' }]]);
  });

  it.each(ROLES)('%s: still delivers data that arrives after its own Close, until the echo (§7.1.2)', (role) => {
    const { conn, rec } = openEndpoint(role);
    conn.close();
    conn.receiveData(Buffer.concat([fromPeer(role, { opcode: 1, payload: hex('41') }), closeFrom(role, '')]));
    expect(rec.writes).toEqual([role === 'server' ? '8800' : `8880${KEY_HEX}`]);
    expect(rec.events).toEqual([['message', 'text', 'A'], ...(role === 'server' ? [['end']] : [])]);
  });

  it.each(ROLES)('%s: ignores a second close() and a close() after the peer’s Close', (role) => {
    const first = openEndpoint(role);
    first.conn.close(1000);
    first.conn.close(1001);
    expect(first.rec.writes).toEqual([closeFrameHex(role, 1000)]);
    const second = openEndpoint(role);
    second.conn.receiveData(closeFrom(role, '03 e9'));
    second.conn.close(1000);
    expect(second.rec.writes).toEqual([closeFrameHex(role, 1001)]);
  });

  it.each(ROLES)('%s: refuses a close code or reason that may not be sent, writing nothing (§7.4, §5.5)', (role) => {
    const { conn, rec } = openEndpoint(role);
    expect(() => conn.close(1006)).toThrow(RangeError);
    expect(() => conn.close(1015)).toThrow(RangeError);
    expect(() => conn.close(999)).toThrow(RangeError);
    expect(() => conn.close(undefined, 'a reason needs a code')).toThrow(RangeError);
    expect(() => conn.close(1000, 'x'.repeat(124))).toThrow(RangeError);
    expect(rec.writes).toEqual([]);
    expect(conn.readyState).toBe('OPEN');
    conn.close(1000, 'x'.repeat(123));
    const body = Buffer.concat([hex('03 e8'), Buffer.from('x'.repeat(123))]);
    expect(rec.writes).toEqual([role === 'server' ? `887d${toHex(body)}` : `88fd${KEY_HEX}${toHex(referenceMask(body, RFC_MASK_KEY))}`]);
  });

  it('refuses close() before the opening handshake', () => {
    const server = new ServerConnection({}, new Recorder());
    expect(() => server.close(1000)).toThrow('not open');
  });

  // §7.1.7: a connection that was never established gets no Close frame, not even on request.
  it('client: writes no Close frame after a refused opening handshake', () => {
    const rec = new Recorder();
    const client = new ClientConnection({ ...HANDSHAKE, key: RFC_KEY, maskKey: () => RFC_MASK_KEY }, rec);
    client.start();
    client.receiveData(Buffer.from('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n', 'latin1'));
    expect(rec.events).toEqual([['error', 'WS_ERR_HANDSHAKE_STATUS', 1006], ['end']]);
    client.close(1000);
    expect(rec.writes).toHaveLength(1); // the opening request only
  });

  it('server: writes nothing after the HTTP error that refused the opening handshake', () => {
    const rec = new Recorder();
    const server = new ServerConnection({}, rec);
    server.receiveData(Buffer.from('GET /chat HTTP/1.1\r\nHost: server.example.com\r\n\r\n', 'latin1'));
    expect(rec.events).toEqual([['error', 'WS_ERR_HANDSHAKE_UPGRADE', 1006], ['end']]);
    server.close(1000);
    expect(rec.writes.map((w) => Buffer.from(w, 'hex').toString('latin1').split('\r\n')[0])).toEqual(['HTTP/1.1 400 Bad Request']);
  });
});

describe('RFC 6455 §7.1.4-§7.1.6 the end of the connection', () => {
  it('client and server back to back: the client closes, the server echoes and ends the transport', () => {
    const { client, server, flush } = connectPair();
    client.conn.close(1000, 'bye');
    flush();
    expect(server.rec.events).toEqual([['end']]);
    expect(client.rec.events).toEqual([]); // the client waits for the server's FIN
    client.conn.receiveEof();
    server.conn.receiveEof();
    expect(client.rec.events).toEqual([['close', { code: 1000, reason: '', wasClean: true, initiatedBy: 'local' }]]);
    expect(server.rec.events.at(-1)).toEqual(['close', { code: 1000, reason: 'bye', wasClean: true, initiatedBy: 'remote' }]);
  });

  it('client and server back to back: the server closes, and ends the transport once the client echoes', () => {
    const { client, server, flush } = connectPair();
    server.conn.close(1001, 'restart');
    flush();
    expect(client.rec.writes).toEqual([closeFrameHex('client', 1001)]);
    expect(server.rec.events).toEqual([['end']]);
    expect(client.rec.events).toEqual([]);
    server.conn.receiveEof();
    client.conn.receiveEof();
    expect(server.rec.events.at(-1)).toEqual(['close', { code: 1001, reason: '', wasClean: true, initiatedBy: 'local' }]);
    expect(client.rec.events).toEqual([['close', { code: 1001, reason: 'restart', wasClean: true, initiatedBy: 'remote' }]]);
  });

  it.each(ROLES)('%s: reports 1006 for a transport that ends without a Close frame', (role) => {
    const { conn, rec } = openEndpoint(role);
    conn.receiveEof();
    conn.receiveEof();
    expect(rec.events).toEqual([['close', { code: 1006, reason: '', wasClean: false, initiatedBy: 'transport' }]]);
  });

  it.each(ROLES)('%s: reports 1006, not clean, when its Close is never answered', (role) => {
    const { conn, rec } = openEndpoint(role);
    conn.close(1000);
    conn.receiveEof();
    expect(rec.events).toEqual([['close', { code: 1006, reason: '', wasClean: false, initiatedBy: 'local' }]]);
  });
});

describe('RFC 6455 §5.5.1 nothing but control frames after a Close', () => {
  it.each(ROLES)('%s: refuses to send data, pings or pongs once its Close is sent', (role) => {
    const { conn, rec } = openEndpoint(role);
    conn.close(1000);
    expect(() => conn.sendText('late')).toThrow('CLOSING');
    expect(() => conn.sendBinary(hex('01'))).toThrow('CLOSING');
    expect(() => conn.sendFrame(1, hex('41'), true)).toThrow('CLOSING');
    expect(() => conn.ping()).toThrow('CLOSING');
    expect(() => conn.pong()).toThrow('CLOSING');
    expect(rec.writes).toEqual([closeFrameHex(role, 1000)]);
  });

  it.each(ROLES)('%s: still lets the crafter write raw frames while CLOSING, but nothing once CLOSED', (role) => {
    const { conn, rec } = openEndpoint(role);
    conn.receiveData(closeFrom(role, '03 e8'));
    conn.sendRawFrame({ opcode: 1, payload: hex('41') });
    conn.sendRawBytes(hex('ff'));
    expect(rec.writes).toEqual([closeFrameHex(role, 1000), '810141', 'ff']);
    conn.receiveEof();
    expect(() => conn.sendRawFrame({ opcode: 1, payload: hex('41') })).toThrow('CLOSED');
    expect(() => conn.sendRawBytes(hex('ff'))).toThrow('CLOSED');
    expect(() => conn.sendText('late')).toThrow('CLOSED');
    expect(rec.writes).toHaveLength(3);
  });
});
