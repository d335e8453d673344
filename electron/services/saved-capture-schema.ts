import { z } from 'zod';
import type { CaptureEntry } from '../../shared/capture';
import type { SavedCapture } from '../../shared/workspace';

/**
 * The schema of a captured timeline as a workspace file keeps it (shared/capture.ts,
 * SavedCapture): checked field by field when a file is opened, so that a reopened
 * capture is exactly what a live one would have been.
 */

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'expected base64');
const hex = z.string().regex(/^(?:[0-9a-fA-F]{2})*$/, 'expected hex bytes');
const shortText = z.string().max(64 * 1024);
const entryBase = { seq: z.number().int().min(1), time: z.number().int().min(0) };

const frameEntry = z.object({
  kind: z.literal('frame'),
  ...entryBase,
  direction: z.enum(['in', 'out']),
  fin: z.boolean(),
  rsv1: z.boolean(),
  rsv2: z.boolean(),
  rsv3: z.boolean(),
  opcode: z.number().int().min(0).max(15),
  masked: z.boolean(),
  maskKey: z.string().regex(/^[0-9a-fA-F]{8}$/, 'expected 8 hex digits').nullable(),
  // A crafted frame may declare any 64-bit length: not always a safe integer.
  payloadLength: z.number().min(0),
  lengthForm: z.union([z.literal(7), z.literal(16), z.literal(64)]),
  header: hex.max(28),
  preview: base64,
  complete: z.boolean(),
  dropped: z.boolean(),
  crafted: z.boolean(),
  rttMs: z.number().min(0).optional(),
  inflatedLength: z.number().int().min(0).optional(),
});

const tlsInfo = z.object({
  protocol: shortText.nullable(),
  cipher: shortText.nullable(),
  alpn: shortText.nullable(),
  authorized: z.boolean(),
  authorizationError: shortText.nullable(),
  peerCertificate: z
    .object({
      subject: shortText,
      issuer: shortText,
      validFrom: shortText,
      validTo: shortText,
      fingerprint256: shortText,
      subjectAltName: shortText.nullable(),
    })
    .nullable(),
});

const handshakeEntry = z.object({
  kind: z.literal('handshake'),
  ...entryBase,
  record: z.object({
    role: z.enum(['client', 'server']),
    request: z.string().max(1024 * 1024).nullable(),
    response: z.string().max(1024 * 1024).nullable(),
    status: z.number().int().min(0).max(999).nullable(),
    accept: z.object({ key: shortText, expected: shortText, received: shortText.nullable(), ok: z.boolean() }).nullable(),
    subprotocol: shortText.nullable(),
    extensions: shortText.nullable(),
    error: shortText.nullable(),
    tls: tlsInfo.optional(),
  }),
});

const lifecycleEntry = z.object({
  kind: z.literal('event'),
  ...entryBase,
  event: z.enum(['connecting', 'open', 'close', 'error', 'listening', 'stopped', 'client-connected', 'note']),
  text: shortText,
  closeCode: z.number().int().min(0).max(65535).optional(),
  wasClean: z.boolean().optional(),
});

const captureEntrySchema: z.ZodType<CaptureEntry> = z.discriminatedUnion('kind', [frameEntry, handshakeEntry, lifecycleEntry]);

/** Typed as the shared interface, so the compiler holds the schema to it. */
export const savedCaptureSchema: z.ZodType<SavedCapture> = z.object({
  label: z.string().max(8192),
  kind: z.enum(['client', 'server', 'server-client']),
  entries: z.array(captureEntrySchema).max(50_000_000),
  payloads: z.record(z.string().regex(/^[1-9]\d*$/, 'expected an entry seq'), base64),
  config: z.number().int().min(0).optional(),
  parent: z.number().int().min(0).optional(),
});
