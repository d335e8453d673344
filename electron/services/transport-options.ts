import type { z } from 'zod';
import type { ConnectRequest, serverStartSchema } from '../../shared/api';
import { describeHandshakeFaults, type HandshakeFaults } from '../protocol/handshake-faults';
import type { ConnectOptions } from '../transport/client';
import type { HeartbeatOptions } from '../transport/heartbeat';
import type { ServerOptions } from '../transport/server';
import { describeWireFaults, type WireFaults } from '../transport/wire-faults';
import { readPem, selfSignedCertificate, type TlsFiles } from '../transport/tls-setup';

export type ServerStartOptions = z.output<typeof serverStartSchema>;

/**
 * The one place where the API's per-connection options meet the transport's: every
 * option of the contract is passed through here, or refused with one sentence.
 * Throws for a PEM file that cannot be read or a certificate without its key.
 */
export function toConnectOptions(request: ConnectRequest): ConnectOptions {
  const tls = request.tls ?? {};
  if ((tls.cert === undefined) !== (tls.key === undefined)) throw new Error('a client certificate needs its key, and a key its certificate (tls.cert and tls.key)');
  return {
    headers: request.headers,
    subprotocols: request.subprotocols,
    origin: request.origin,
    autoPong: request.autoPong,
    heartbeat: toHeartbeat(request) ?? undefined,
    deflate: request.deflate,
    maxMessageSize: request.maxMessageSize,
    maxFrameSize: request.maxMessageSize,
    insecure: tls.insecure,
    ca: tls.ca === undefined ? undefined : readPem(tls.ca, 'CA certificate'),
    cert: tls.cert === undefined ? undefined : readPem(tls.cert, 'client certificate'),
    key: tls.key === undefined ? undefined : readPem(tls.key, 'client key'),
    proxy: request.proxy === 'none' ? false : request.proxy,
    recordFrames: true,
  };
}

export async function toServerOptions(request: ServerStartOptions): Promise<ServerOptions> {
  return {
    host: request.host,
    port: request.port,
    subprotocols: request.subprotocols,
    autoPong: request.autoPong,
    heartbeat: toHeartbeat(request) ?? undefined,
    deflate: request.deflate,
    maxMessageSize: request.maxMessageSize,
    maxFrameSize: request.maxMessageSize,
    tls: request.tls === undefined ? undefined : await serverCertificate(request.tls),
    ...serverFaults(request),
    recordFrames: true,
  };
}

/** The misbehaviours asked for, split between the handshake and the wire. */
function serverFaults(request: ServerStartOptions): { handshakeFaults?: HandshakeFaults; wireFaults?: WireFaults } {
  const faults = request.faults;
  if (faults === undefined) return {};
  const { wrongAccept, status, subprotocol, extension, unsolicitedPongMs, dropAfterMs, byteByByte, writeDelayMs } = faults;
  return { handshakeFaults: { wrongAccept, status, subprotocol, extension }, wireFaults: { unsolicitedPongMs, dropAfterMs, byteByByte, writeDelayMs } };
}

/** One line per misbehaviour that is on, for the server's timeline. */
export function describeServerFaults(request: ServerStartOptions): string[] {
  const { handshakeFaults, wireFaults } = serverFaults(request);
  const lines = [...describeHandshakeFaults(handshakeFaults ?? {}), ...describeWireFaults(wireFaults ?? {})];
  if (request.autoPong === false) lines.push('never answers pings');
  return lines;
}

/** wss://: a fresh self-signed certificate, or the PEM files named. */
async function serverCertificate(tls: NonNullable<ServerStartOptions['tls']>): Promise<TlsFiles> {
  if (tls.selfSigned) {
    if (tls.cert !== undefined || tls.key !== undefined) throw new Error('choose either a self-signed certificate or cert and key files, not both');
    return selfSignedCertificate();
  }
  if (tls.cert === undefined || tls.key === undefined) throw new Error('a wss:// server needs a certificate and its key (tls.cert and tls.key), or tls.selfSigned');
  return { cert: readPem(tls.cert, 'certificate'), key: readPem(tls.key, 'key') };
}

/** The heartbeat asked for, if any (RFC 6455 §5.5.2: a ping payload is at most 125 bytes). */
export function toHeartbeat(request: { pingInterval?: number; pingTimeout?: number; pingPayload?: string }): HeartbeatOptions | null {
  if (request.pingInterval === undefined) {
    if (request.pingTimeout !== undefined || request.pingPayload !== undefined) throw new Error('pingTimeout and pingPayload need a pingInterval');
    return null;
  }
  return {
    pingInterval: request.pingInterval,
    pingTimeout: request.pingTimeout ?? request.pingInterval,
    pingPayload: request.pingPayload === undefined ? undefined : controlPayload(request.pingPayload, 'a ping payload'),
  };
}

/** Decode a base64 control-frame payload, refusing more than the 125 bytes §5.5 allows. */
export function controlPayload(base64: string, what: string): Buffer {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length > 125) throw new RangeError(`${what} is at most 125 bytes, not ${bytes.length}`);
  return bytes;
}
