import type { ReactNode } from 'react';
import type { HandshakeEntry } from '../../../shared/capture';
import { fullTime } from '../../format/clock';
import { CopyButton } from '../../ui/CopyButton';
import { Facts } from './Facts';

/** The GUID every server appends to the key (RFC 6455 §1.3, §4.2.2). */
const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/**
 * The opening handshake (RFC 6455 §4): the Sec-WebSocket-Accept check spelled out, what
 * was negotiated, the TLS session for wss://, and the raw request and response.
 */
export function HandshakeInspector({ entry }: { entry: HandshakeEntry }) {
  const { record } = entry;
  const { accept, tls } = record;
  const ours = record.role === 'client' ? 'request' : 'response';
  return (
    <>
      <header className="inspector-title">
        <h2>Opening handshake</h2>
        <span>{record.role === 'client' ? 'we are the client' : 'we are the server'}</span>
        <span className="muted">{fullTime(entry.time)}</span>
      </header>
      {record.error && <p className="inspector-problem">⚠ {record.error}</p>}
      <div className="inspector-section">
        <h3>Sec-WebSocket-Accept check (§4.2.2, §4.1)</h3>
        {accept ? (
          <>
            <p className="muted formula">
              expected = base64( SHA-1( key + "{GUID}" ) )
            </p>
            <Facts
              rows={[
                ['Key', <code key="k">{accept.key}</code>],
                ['Expected accept', <code key="e">{accept.expected}</code>],
                ['Received accept', <code key="r">{accept.received ?? '(none)'}</code>],
                ['Result', accept.ok ? '✓ match' : '✗ mismatch: the client must fail the connection', accept.ok ? 'ok' : 'bad'],
              ]}
            />
          </>
        ) : (
          <p className="muted">No check: the handshake ended before a response with Sec-WebSocket-Accept.</p>
        )}
      </div>
      <div className="inspector-section">
        <h3>Negotiated</h3>
        <Facts
          rows={[
            ['Status', record.status === null ? '(no response)' : String(record.status), record.status === 101 ? 'ok' : 'bad'],
            ['Subprotocol', record.subprotocol ?? '(none)'],
            ['Extensions', record.extensions ?? '(none)'],
          ]}
        />
      </div>
      {tls && (
        <div className="inspector-section">
          <h3>TLS</h3>
          <Facts
            rows={[
              ['Protocol', tls.protocol ?? '?'],
              ['Cipher', tls.cipher ?? '?'],
              ['ALPN', tls.alpn ?? '(none)'],
              ['Certificate', tls.authorized ? '✓ verified' : `✗ not verified${tls.authorizationError ? `: ${tls.authorizationError}` : ''}`, tls.authorized ? 'ok' : 'bad'],
              ...(tls.peerCertificate
                ? ([
                    ['Subject', tls.peerCertificate.subject],
                    ['Issuer', tls.peerCertificate.issuer],
                    ['Valid', `${tls.peerCertificate.validFrom} – ${tls.peerCertificate.validTo}`],
                    ['SHA-256', <code key="f">{tls.peerCertificate.fingerprint256}</code>],
                    ['Names', tls.peerCertificate.subjectAltName ?? '(none)'],
                  ] as [string, ReactNode][])
                : []),
            ]}
          />
        </div>
      )}
      <RawHead title={`Request${ours === 'request' ? ' (sent)' : ' (received)'}`} what="request" text={record.request} />
      <RawHead title={`Response${ours === 'response' ? ' (sent)' : ' (received)'}`} what="response" text={record.response} />
    </>
  );
}

function RawHead({ title, what, text }: { title: string; what: string; text: string | null }) {
  return (
    <div className="inspector-section">
      <div className="section-bar">
        <h3>{title}</h3>
        {text !== null && <CopyButton what={`raw ${what}`} text={() => text} />}
      </div>
      {text === null ? <p className="muted">None.</p> : <pre className="raw-head">{text.replace(/\r\n/g, '\n').trimEnd()}</pre>}
    </div>
  );
}
