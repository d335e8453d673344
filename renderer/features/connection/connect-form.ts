import type { ConnectRequest } from '../../../shared/api';
import { EMPTY_DEFLATE, toDeflateSettings, type DeflateForm } from '../session-options/deflate-options';
import { EMPTY_HEARTBEAT, heartbeatIsSet, toHeartbeatRequest, type HeartbeatForm } from '../session-options/heartbeat-options';
import { commaList, InputError, wholeNumber } from '../session-options/input-error';

export interface HeaderRow {
  /** Stable key for React while rows are added and removed. */
  key: number;
  name: string;
  value: string;
}

export type ProxyMode = 'environment' | 'none' | 'url';

/** Everything the Options section holds, as typed. */
export interface ConnectOptionsForm {
  headers: HeaderRow[];
  subprotocols: string;
  origin: string;
  autoPong: boolean;
  heartbeat: HeartbeatForm;
  deflate: DeflateForm;
  maxMessageSize: string;
  tlsInsecure: boolean;
  /** Paths to PEM files on the machine running the host, not the browser's. */
  tlsCa: string;
  tlsCert: string;
  tlsKey: string;
  proxyMode: ProxyMode;
  proxyUrl: string;
}

export const DEFAULT_OPTIONS: ConnectOptionsForm = {
  headers: [],
  subprotocols: '',
  origin: '',
  autoPong: true,
  heartbeat: EMPTY_HEARTBEAT,
  deflate: EMPTY_DEFLATE,
  maxMessageSize: '',
  tlsInsecure: false,
  tlsCa: '',
  tlsCert: '',
  tlsKey: '',
  proxyMode: 'environment',
  proxyUrl: '',
};

// RFC 7230 §3.2.6: a header name is a token.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** The connect request for a URL and its options; throws InputError for the first field to fix. */
export function toConnectRequest(url: string, form: ConnectOptionsForm): ConnectRequest {
  const target = url.trim();
  if (target === '') throw new InputError('Type a ws:// or wss:// URL to connect to.');
  const headers = form.headers.filter((row) => row.name.trim() !== '' || row.value !== '').map((row): [string, string] => [row.name.trim(), row.value]);
  for (const [name] of headers) {
    if (!TOKEN.test(name)) throw new InputError(name === '' ? 'A header with a value needs a name.' : `"${name}" is not a valid header name (letters, digits and !#$%&'*+-.^_\`|~ only).`);
  }
  const maxMessageSize = wholeNumber(form.maxMessageSize, 'The message size limit (bytes)', 1, 2 ** 31);
  const tls = {
    ...(form.tlsInsecure && { insecure: true }),
    ...(form.tlsCa.trim() !== '' && { ca: form.tlsCa.trim() }),
    ...(form.tlsCert.trim() !== '' && { cert: form.tlsCert.trim() }),
    ...(form.tlsKey.trim() !== '' && { key: form.tlsKey.trim() }),
  };
  if ((tls.cert === undefined) !== (tls.key === undefined)) throw new InputError('A client certificate needs its key, and a key its certificate.');
  const deflate = toDeflateSettings(form.deflate);
  const subprotocols = commaList(form.subprotocols);
  return {
    url: target,
    ...(headers.length > 0 && { headers }),
    ...(subprotocols && { subprotocols }),
    ...(form.origin.trim() !== '' && { origin: form.origin.trim() }),
    ...(!form.autoPong && { autoPong: false }),
    ...toHeartbeatRequest(form.heartbeat),
    ...(deflate && { deflate }),
    ...(maxMessageSize !== undefined && { maxMessageSize }),
    ...(Object.keys(tls).length > 0 && { tls }),
    ...proxyOption(form),
  };
}

function proxyOption(form: ConnectOptionsForm): Pick<ConnectRequest, 'proxy'> {
  if (form.proxyMode === 'environment') return {};
  if (form.proxyMode === 'none') return { proxy: 'none' };
  const proxy = form.proxyUrl.trim();
  if (!/^http:\/\/[^/\s]+/.test(proxy)) throw new InputError(`A proxy is an http:// URL such as http://127.0.0.1:3128, not "${proxy}".`);
  return { proxy };
}

/** How many options differ from the defaults: the Options button shows it, so nothing set is hidden. */
export function countOptionsSet(form: ConnectOptionsForm): number {
  return [
    form.headers.some((row) => row.name.trim() !== ''),
    form.subprotocols.trim() !== '',
    form.origin.trim() !== '',
    !form.autoPong,
    heartbeatIsSet(form.heartbeat),
    form.deflate.enabled,
    form.maxMessageSize.trim() !== '',
    form.tlsInsecure || form.tlsCa.trim() !== '' || form.tlsCert.trim() !== '' || form.tlsKey.trim() !== '',
    form.proxyMode !== 'environment',
  ].filter(Boolean).length;
}
