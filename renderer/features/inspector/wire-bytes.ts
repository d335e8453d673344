import { hexToBytes } from '../../format/payload-text';

/**
 * A frame as it was on the wire: its header bytes, then the payload masked again with the
 * header's key (RFC 6455 §5.3: octet i XOR key octet i mod 4), since the capture keeps the
 * payload unmasked.
 */
export function wireBytes(headerHex: string, payload: Uint8Array, maskKey: string | null): Uint8Array {
  const header = hexToBytes(headerHex);
  const out = new Uint8Array(header.length + payload.length);
  out.set(header);
  if (maskKey === null) {
    out.set(payload, header.length);
    return out;
  }
  const key = hexToBytes(maskKey);
  for (let i = 0; i < payload.length; i++) out[header.length + i] = payload[i] ^ key[i & 3];
  return out;
}
