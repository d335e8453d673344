import { z } from 'zod';
import type { CaptureEntry } from './capture';

/**
 * The workspace file (docs/workspace-format.md): one JSON document holding a working
 * session — connections, servers, saved messages, crafted frames and sequences, the UI
 * layout, and optionally the captured timelines with their payloads. Versioned: a file
 * from a newer format version is refused with a message, never half-read.
 */
export const WORKSPACE_FORMAT = 'ws-workbench-workspace';
export const WORKSPACE_VERSION = 1;

const text = (max: number) => z.string().max(max);
const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'expected base64');
const lengthForm = z.union([z.literal(7), z.literal(16), z.literal(64)]);

export const craftedFrameSchema = z.object({
  fin: z.boolean(),
  rsv1: z.boolean(),
  rsv2: z.boolean(),
  rsv3: z.boolean(),
  opcode: z.number().int().min(0).max(15),
  mask: z.union([z.enum(['role', 'random', 'none']), z.object({ key: z.string().regex(/^[0-9a-fA-F]{8}$/, 'expected 8 hex digits') })]),
  payload: base64,
  length: z.union([z.object({ form: z.literal('auto') }), z.object({ form: lengthForm, value: z.string().regex(/^\d{0,20}$/).optional() })]),
});

export const savedMessageSchema = z.object({
  id: text(64),
  name: text(256),
  /** Folder path, '/'-separated; '' for the top level. */
  folder: text(1024),
  kind: z.enum(['text', 'json', 'binary']),
  /** How `body` is written for binary messages. */
  encoding: z.enum(['utf8', 'hex', 'base64']),
  body: text(64 * 1024 * 1024),
});

export const craftedSequenceSchema = z.object({
  id: text(64),
  name: text(256),
  steps: z.array(z.object({ frame: craftedFrameSchema, delayMs: z.number().int().min(0).max(600_000) })).max(10_000),
});

/** What the renderer owns and the file keeps: saved messages, crafted frames and sequences, layout. */
export const rendererStateSchema = z.object({
  savedMessages: z.array(savedMessageSchema).max(100_000),
  craftedFrames: z.array(z.object({ id: text(64), name: text(256), frame: craftedFrameSchema })).max(100_000),
  sequences: z.array(craftedSequenceSchema).max(10_000),
  /** Pane sizes, theme, open panels: whatever the UI wants back, as plain JSON. */
  layout: z.record(z.string(), z.json()),
});

export type SavedMessage = z.infer<typeof savedMessageSchema>;
export type CraftedSequence = z.infer<typeof craftedSequenceSchema>;
export type RendererState = z.infer<typeof rendererStateSchema>;

export function emptyRendererState(): RendererState {
  return { savedMessages: [], craftedFrames: [], sequences: [], layout: {} };
}

/** A captured timeline as the file keeps it: entries with their whole payloads (base64). */
export interface SavedCapture {
  /** The session's label and kind when it was captured. */
  label: string;
  kind: 'client' | 'server' | 'server-client';
  entries: CaptureEntry[];
  /** Whole payloads by entry seq, base64, for frames whose preview is not complete. */
  payloads: Record<string, string>;
  /**
   * The configuration this timeline belongs to: an index into the file's `clients` (for a
   * client) or `servers` (for a server). Opened again, the session continues this timeline.
   * Absent for a timeline kept for reading only (an imported HAR, a recorded session).
   */
  config?: number;
  /** For a server's client: the index in `captures` of its server's timeline, earlier in the list. */
  parent?: number;
}

/** Where the status of the open workspace reaches the UI. */
export interface WorkspaceStatus {
  /** The file it was last opened from or saved to; null for a new workspace. */
  path: string | null;
  /** Changed since the last save. */
  dirty: boolean;
  /** Most recent first. */
  recent: string[];
  /** An autosaved workspace newer than any save, left by a crash: offer to recover it. */
  recovery: { savedAt: string } | null;
}
