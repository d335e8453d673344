// Certificates for the wss:// tests, made fresh for each test file: a test CA, server
// certificates it signs (one for localhost and 127.0.0.1, one for another name only), a
// client certificate, and the same as PEM files for the CLI. EC keys, so this takes ~0.2 s.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import selfsigned from 'selfsigned';

export interface KeyPair {
  cert: string;
  key: string;
}

export interface TestCertificates {
  /** The CA that signs the others. */
  ca: KeyPair;
  /** Signed by the CA for DNS:localhost and IP 127.0.0.1. */
  server: KeyPair;
  /** Signed by the CA for DNS:example.test only. */
  otherName: KeyPair;
  /** A client certificate (CN=wsb test client) signed by the CA. */
  client: KeyPair;
  /** Self-signed for localhost and 127.0.0.1: trusted by no one. */
  selfSigned: KeyPair;
  /** Each PEM above written to a file: `files.server.cert`, `files.ca.cert`... */
  files: Record<'ca' | 'server' | 'otherName' | 'client' | 'selfSigned', { cert: string; key: string }>;
  /** Delete the files. */
  remove(): void;
}

type Extension = NonNullable<NonNullable<Parameters<typeof selfsigned.generate>[1]>['extensions']>[number];
type AltName = Extract<Extension, { name: 'subjectAltName' }>['altNames'][number];

const LEAF = (altNames: AltName[], usage: { serverAuth?: boolean; clientAuth?: boolean }): Extension[] => [
  { name: 'basicConstraints', cA: false },
  { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
  { name: 'extKeyUsage', ...usage },
  ...(altNames.length > 0 ? [{ name: 'subjectAltName' as const, altNames }] : []),
];

const LOCAL_NAMES: AltName[] = [
  { type: 2, value: 'localhost' },
  { type: 7, ip: '127.0.0.1' },
];

async function issue(commonName: string, extensions: Extension[], ca?: KeyPair): Promise<KeyPair> {
  const pems = await selfsigned.generate([{ name: 'commonName', value: commonName }], {
    keyType: 'ec',
    algorithm: 'sha256',
    // A minute in the past, so that a second's rounding never makes it "not yet valid".
    notBeforeDate: new Date(Date.now() - 60_000),
    notAfterDate: new Date(Date.now() + 24 * 3600 * 1000),
    extensions,
    ...(ca ? { ca: { key: ca.key, cert: ca.cert } } : {}),
  });
  return { cert: pems.cert, key: pems.private };
}

export async function makeCertificates(): Promise<TestCertificates> {
  const ca = await issue('WS Workbench Test CA', [
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
  ]);
  const server = await issue('wsb test server', LEAF(LOCAL_NAMES, { serverAuth: true }), ca);
  const otherName = await issue('example.test', LEAF([{ type: 2, value: 'example.test' }], { serverAuth: true }), ca);
  const client = await issue('wsb test client', LEAF([], { clientAuth: true }), ca);
  const selfSigned = await issue('localhost', LEAF(LOCAL_NAMES, { serverAuth: true }));
  const dir = mkdtempSync(join(tmpdir(), 'wsb-certs-'));
  const pairs = { ca, server, otherName, client, selfSigned };
  const files = Object.fromEntries(
    Object.entries(pairs).map(([name, pair]) => {
      const paths = { cert: join(dir, `${name}.crt`), key: join(dir, `${name}.key`) };
      writeFileSync(paths.cert, pair.cert);
      writeFileSync(paths.key, pair.key);
      return [name, paths];
    }),
  ) as TestCertificates['files'];
  return { ...pairs, files, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
