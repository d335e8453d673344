import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { TLSSocket } from 'node:tls';
import type { TlsInfo } from '../../shared/handshake-record';

export interface TlsFiles {
  cert: string;
  key: string;
}

/** Read a PEM file named on the command line or in the UI, with one clear sentence on failure. */
export function readPem(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a folder' : (error as Error).message;
    throw new Error(`cannot read the ${what} ${file}: ${why}`, { cause: error });
  }
}

/** Check a certificate and key before serving with them: one sentence instead of OpenSSL's "error:0480006C:PEM routines::no start line". */
export function checkTlsFiles(files: TlsFiles): void {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(files.cert);
  } catch (error) {
    throw new Error('the TLS certificate is not a PEM certificate (-----BEGIN CERTIFICATE-----)', { cause: error });
  }
  let key: ReturnType<typeof createPrivateKey>;
  try {
    key = createPrivateKey(files.key);
  } catch (error) {
    throw new Error('the TLS key is not an unencrypted PEM private key (-----BEGIN PRIVATE KEY-----)', { cause: error });
  }
  if (!certificate.checkPrivateKey(key)) throw new Error('the TLS key does not match the certificate');
}

/** The reason in an OpenSSL error message ("…:SSL routines:ssl3_get_record:wrong version number:…"), or null. */
export function openSslReason(message: string): string | null {
  return /routines:[^:]*:([^:]+)/.exec(message)?.[1] ?? null;
}

/** A fresh self-signed certificate for localhost and 127.0.0.1, valid for 30 days. */
export async function selfSignedCertificate(): Promise<TlsFiles> {
  // Loaded on first use: selfsigned (node-forge) would add ~0.15 s to the start of every wsb command.
  const { default: selfsigned } = await import('selfsigned');
  const pems = await selfsigned.generate([{ name: 'commonName', value: 'localhost' }], {
    notAfterDate: new Date(Date.now() + 30 * 24 * 3600 * 1000),
    keyType: 'ec',
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }, { type: 7, ip: '::1' }] },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}

/** What the TLS layer agreed on this socket, and who the peer's certificate says it is. */
export function describeTls(socket: TLSSocket): TlsInfo {
  const cipher = socket.getCipher();
  const peer = socket.getPeerCertificate();
  const hasPeer = peer !== null && typeof peer === 'object' && 'fingerprint256' in peer && peer.fingerprint256 !== undefined;
  const error = socket.authorizationError as unknown;
  return {
    protocol: socket.getProtocol() ?? null,
    cipher: cipher ? cipher.standardName ?? cipher.name : null,
    alpn: typeof socket.alpnProtocol === 'string' ? socket.alpnProtocol : null,
    authorized: socket.authorized,
    authorizationError: error === undefined || error === null ? null : String(error),
    peerCertificate: hasPeer
      ? {
          subject: distinguishedName(peer.subject),
          issuer: distinguishedName(peer.issuer),
          validFrom: peer.valid_from,
          validTo: peer.valid_to,
          fingerprint256: peer.fingerprint256,
          subjectAltName: peer.subjectaltname ?? null,
        }
      : null,
  };
}

function distinguishedName(name: object | undefined): string {
  if (!name) return '';
  return Object.entries(name)
    .map(([key, value]: [string, unknown]) => `${key}=${Array.isArray(value) ? value.join('+') : String(value)}`)
    .join(', ');
}
