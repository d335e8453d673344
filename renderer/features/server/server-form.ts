import type { ServerStartRequest } from '../../../shared/api';
import { EMPTY_DEFLATE, toDeflateSettings, type DeflateForm } from '../session-options/deflate-options';
import { EMPTY_HEARTBEAT, heartbeatIsSet, toHeartbeatRequest, type HeartbeatForm } from '../session-options/heartbeat-options';
import { commaList, InputError, wholeNumber } from '../session-options/input-error';

export type ServerTls = 'none' | 'self-signed' | 'files';

/** The server form as typed. */
export interface ServerForm {
  host: string;
  port: string;
  echo: boolean;
  subprotocols: string;
  autoPong: boolean;
  heartbeat: HeartbeatForm;
  deflate: DeflateForm;
  maxMessageSize: string;
  tls: ServerTls;
  /** PEM files on the machine running the host. */
  certPath: string;
  keyPath: string;
}

export const DEFAULT_SERVER: ServerForm = {
  host: '127.0.0.1',
  port: '0',
  echo: true,
  subprotocols: '',
  autoPong: true,
  heartbeat: EMPTY_HEARTBEAT,
  deflate: EMPTY_DEFLATE,
  maxMessageSize: '',
  tls: 'none',
  certPath: '',
  keyPath: '',
};

/** The server.start request; throws InputError for the first field to fix. */
export function toServerStartRequest(form: ServerForm): ServerStartRequest {
  const host = form.host.trim();
  if (host === '') throw new InputError('Type the address to listen on, such as 127.0.0.1 (this machine only) or 0.0.0.0 (every interface).');
  const port = parsePort(form.port);
  const subprotocols = commaList(form.subprotocols);
  const deflate = toDeflateSettings(form.deflate);
  const maxMessageSize = wholeNumber(form.maxMessageSize, 'The message size limit (bytes)', 1, 2 ** 31);
  return {
    host,
    port,
    echo: form.echo,
    ...(subprotocols && { subprotocols }),
    ...(!form.autoPong && { autoPong: false }),
    ...toHeartbeatRequest(form.heartbeat),
    ...(deflate && { deflate }),
    ...(maxMessageSize !== undefined && { maxMessageSize }),
    ...tlsOption(form),
  };
}

function parsePort(text: string): number {
  const trimmed = text.trim();
  if (trimmed === '') return 0;
  const port = Number(trimmed);
  if (!/^\d+$/.test(trimmed) || port > 65535) throw new InputError(`The port is a whole number from 0 to 65535 (0 picks a free one), not "${text}".`);
  return port;
}

function tlsOption(form: ServerForm): Pick<ServerStartRequest, 'tls'> {
  if (form.tls === 'none') return {};
  if (form.tls === 'self-signed') return { tls: { selfSigned: true } };
  const cert = form.certPath.trim();
  const key = form.keyPath.trim();
  if (cert === '' || key === '') throw new InputError('A wss:// server needs both a certificate file and its key file.');
  return { tls: { cert, key } };
}

/** How many options beyond host, port and echo differ from the defaults. */
export function countServerOptionsSet(form: ServerForm): number {
  return [form.subprotocols.trim() !== '', !form.autoPong, heartbeatIsSet(form.heartbeat), form.deflate.enabled, form.maxMessageSize.trim() !== '', form.tls !== 'none'].filter(Boolean).length;
}
