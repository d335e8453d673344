import { z } from 'zod';
import type { MethodName } from './api-names';
import type { CaptureEntry } from './capture';
import { craftedFrameSchema, rendererStateSchema, WORKSPACE_FORMAT, type RendererState, type SavedCapture, type WorkspaceStatus } from './workspace';

export { EVENTS_CHANNEL, isMethodName, METHOD_NAMES, type MethodName } from './api-names';

/**
 * The one contract between the UI and the main process (STYLE.md §3): request/response
 * methods named `domain.verb`, each with a zod schema for its argument (validated where it
 * enters the main process) and a result type; and the event stream, sent in batches.
 * Electron binds it with ipcMain.handle; browser mode bridges it over a WebSocket.
 */

const id = z.string().min(1).max(64);
const base64 = z.string().max(256 * 1024 * 1024).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'expected base64');
const header = z.tuple([z.string().min(1).max(256), z.string().max(8192)]);
const byteCount = z.number().int().positive().max(2 ** 31);
const millis = z.number().int().min(1).max(24 * 3600 * 1000);
const closeCode = z.number().int().min(0).max(65535);

export const deflateSettingsSchema = z.object({
  serverNoContextTakeover: z.boolean().optional(),
  clientNoContextTakeover: z.boolean().optional(),
  serverMaxWindowBits: z.number().int().min(8).max(15).optional(),
  clientMaxWindowBits: z.number().int().min(8).max(15).optional(),
  threshold: z.number().int().min(0).max(2 ** 31).optional(),
});

const heartbeat = {
  pingInterval: millis.optional(),
  pingTimeout: millis.optional(),
  /** Custom ping payload, base64, at most 125 bytes once decoded. */
  pingPayload: base64.max(168).optional(),
};

export const connectSchema = z.object({
  url: z.string().min(1).max(8192),
  headers: z.array(header).max(100).optional(),
  subprotocols: z.array(z.string().min(1).max(256)).max(32).optional(),
  origin: z.string().max(2048).optional(),
  autoPong: z.boolean().optional(),
  ...heartbeat,
  deflate: deflateSettingsSchema.optional(),
  maxMessageSize: byteCount.optional(),
  tls: z
    .object({
      insecure: z.boolean().optional(),
      /** Paths to PEM files on the machine that runs the main process. */
      ca: z.string().max(4096).optional(),
      cert: z.string().max(4096).optional(),
      key: z.string().max(4096).optional(),
    })
    .optional(),
  /** An http:// proxy URL; 'none' to ignore HTTP(S)_PROXY; absent to follow the environment. */
  proxy: z.string().max(2048).optional(),
});

export const serverStartSchema = z.object({
  host: z.string().min(1).max(255).default('127.0.0.1'),
  port: z.number().int().min(0).max(65535),
  echo: z.boolean().default(true),
  subprotocols: z.array(z.string().min(1).max(256)).max(32).optional(),
  deflate: deflateSettingsSchema.optional(),
  maxMessageSize: byteCount.optional(),
  autoPong: z.boolean().optional(),
  ...heartbeat,
  tls: z
    .object({
      selfSigned: z.boolean().optional(),
      cert: z.string().max(4096).optional(),
      key: z.string().max(4096).optional(),
    })
    .optional(),
  /** Misbehave on purpose, to test clients; each fault is named in the server's timeline. */
  faults: z
    .object({
      wrongAccept: z.boolean().optional(),
      status: z.number().int().min(100).max(599).optional(),
      subprotocol: z.string().min(1).max(256).optional(),
      extension: z.string().min(1).max(1024).optional(),
      unsolicitedPongMs: millis.optional(),
      dropAfterMs: z.number().int().min(0).max(24 * 3600 * 1000).optional(),
      byteByByte: z.boolean().optional(),
      writeDelayMs: millis.optional(),
    })
    .optional(),
});

const messageKind = z.enum(['text', 'binary']);

export const sendMessageSchema = z.object({
  sessionId: id,
  kind: messageKind,
  /** The message bytes, base64 (text is its UTF-8 encoding). */
  data: base64,
  /**
   * Manual fragmentation: byte offsets at which to split the message into frames
   * (FIN=0 on all but the last, continuation opcodes after the first).
   */
  splitAt: z.array(z.number().int().min(0)).max(10_000).optional(),
  /** Put a ping between fragments. */
  pingBetween: z.boolean().optional(),
  /** Wait this long between fragments. */
  delayMs: z.number().int().min(0).max(60_000).optional(),
});

export const pingSchema = z.object({ sessionId: id, payload: base64.max(168).optional() });
export const closeSchema = z.object({ sessionId: id, code: closeCode.optional(), reason: z.string().max(123).optional() });
export const sessionRefSchema = z.object({ sessionId: id });
export const echoSchema = z.object({ sessionId: id, echo: z.boolean() });
export const broadcastSchema = z.object({ sessionId: id, kind: messageKind, data: base64 });
export const entriesSchema = z.object({ sessionId: id, from: z.number().int().min(1), count: z.number().int().min(1).max(100_000) });
export const payloadSchema = z.object({ sessionId: id, seq: z.number().int().min(1), offset: z.number().int().min(0), length: z.number().int().min(1).max(16 * 1024 * 1024) });
/** Crafted frames sent as one run, each after its delay (the crafter's sequences). */
export const sendFramesSchema = z.object({
  sessionId: id,
  steps: z.array(z.object({ frame: craftedFrameSchema, delayMs: z.number().int().min(0).max(600_000).optional() })).min(1).max(10_000),
});
/** Any bytes straight to the socket. */
export const sendRawBytesSchema = z.object({ sessionId: id, data: base64.min(1) });

/** The workspace file as a whole (docs/workspace-format.md); captures are optional. */
export const workspaceDocumentSchema = z.object({
  format: z.literal(WORKSPACE_FORMAT),
  version: z.literal(1),
  savedAt: z.string().max(64),
  clients: z.array(connectSchema).max(1000),
  servers: z.array(serverStartSchema).max(100),
  renderer: rendererStateSchema,
  /** The captured timelines, when the user chose to keep them (see SavedCapture). */
  captures: z.array(z.unknown()).max(10_000).optional(),
  /** Instead of `captures` when their JSON passes 1 MiB: that JSON, gzipped, in base64. */
  capturesGzip: base64.optional(),
});
export const workspacePathSchema = z.object({ path: z.string().min(1).max(4096) });
export const workspaceSaveSchema = z.object({
  /** Where to save; absent to save where the workspace was opened from or last saved. */
  path: z.string().min(1).max(4096).optional(),
  includeCaptures: z.boolean().optional(),
});
/** Ask the host for a native file dialog; browser mode has none and answers native: false. */
export const choosePathSchema = z.object({
  purpose: z.enum(['open-workspace', 'save-workspace', 'import-har']),
  defaultPath: z.string().max(4096).optional(),
});
export type PathPurpose = z.infer<typeof choosePathSchema>['purpose'];
export const exportSchema = z.object({ sessionId: id, format: z.enum(['ndjson', 'har']), path: z.string().min(1).max(4096) });
export const settingsSchema = z.object({
  /** The memory bound of all captures together, in bytes. */
  captureMemoryBytes: z.number().int().min(1024 * 1024).max(2 ** 40).optional(),
  /** How much of each payload the UI receives up front. */
  previewBytes: z.number().int().min(16).max(1024 * 1024).optional(),
});
export const emptySchema = z.object({}).strict().optional();

export type ConnectRequest = z.infer<typeof connectSchema>;
export type ServerStartRequest = z.input<typeof serverStartSchema>;
export type SendMessageRequest = z.infer<typeof sendMessageSchema>;
export type Settings = Required<z.infer<typeof settingsSchema>>;
/** What a workspace file holds; `captures` entries are SavedCapture objects once checked. */
export type WorkspaceDocument = z.input<typeof workspaceDocumentSchema>;

/** What opening a workspace gives the renderer back. */
export interface OpenedWorkspace {
  status: WorkspaceStatus;
  renderer: RendererState;
  sessions: SessionSummary[];
}
export type { SavedCapture, WorkspaceStatus };

export type SessionKind = 'client' | 'server' | 'server-client';
export type SessionState = 'connecting' | 'open' | 'closing' | 'closed' | 'listening' | 'stopped';

/** What the sidebar shows of a session. */
export interface SessionSummary {
  id: string;
  kind: SessionKind;
  /** For a server's client: the server's session id. */
  parentId: string | null;
  /** The URL for a client and a server, the remote address for a server's client. */
  label: string;
  state: SessionState;
  /** Entries captured so far (the last seq), and how many had their payload dropped by the memory bound. */
  entries: number;
  truncated: number;
  /** How many of the oldest entries the memory bound removed entirely; capture.entries starts after them. */
  evicted: number;
  /** For a server: whether it echoes. */
  echo?: boolean;
  /** The latest error or close reason, one line. */
  status: string | null;
}

/** How much memory the captures hold against their bound, and what the main process uses in all. */
export interface CaptureStats {
  /** Payload bytes plus each entry's estimated size: what the bound limits. */
  usedBytes: number;
  limitBytes: number;
  /** The whole main process (or browser-mode host), for comparison. */
  heapUsedBytes: number;
  rssBytes: number;
}

/** Every method: its argument schema and its result type. */
export const methods = {
  'session.connect': connectSchema,
  'session.reconnect': sessionRefSchema,
  'session.sendMessage': sendMessageSchema,
  'session.ping': pingSchema,
  'session.close': closeSchema,
  'session.terminate': sessionRefSchema,
  'session.remove': sessionRefSchema,
  'session.list': emptySchema,
  'server.start': serverStartSchema,
  'server.stop': sessionRefSchema,
  'server.setEcho': echoSchema,
  'server.broadcast': broadcastSchema,
  'capture.entries': entriesSchema,
  'capture.payload': payloadSchema,
  'capture.stats': emptySchema,
  'settings.get': emptySchema,
  'settings.set': settingsSchema,
  'session.sendFrames': sendFramesSchema,
  'session.sendRawBytes': sendRawBytesSchema,
  'workspace.status': emptySchema,
  'workspace.new': emptySchema,
  'workspace.open': workspacePathSchema,
  'workspace.save': workspaceSaveSchema,
  'workspace.recover': emptySchema,
  'workspace.setRendererState': rendererStateSchema,
  'capture.export': exportSchema,
  'capture.importHar': workspacePathSchema,
  'dialog.choosePath': choosePathSchema,
} as const satisfies Record<MethodName, z.ZodType>;
export type MethodArgs<M extends MethodName> = z.input<(typeof methods)[M]>;

export interface MethodResults {
  'session.connect': SessionSummary;
  'session.reconnect': SessionSummary;
  'session.sendMessage': { frames: number };
  'session.ping': null;
  'session.close': null;
  'session.terminate': null;
  'session.remove': null;
  'session.list': SessionSummary[];
  'server.start': SessionSummary;
  'server.stop': null;
  'server.setEcho': SessionSummary;
  'server.broadcast': { clients: number };
  'capture.entries': CaptureEntry[];
  'capture.payload': { data: string; total: number };
  'capture.stats': CaptureStats;
  'settings.get': Settings;
  'settings.set': Settings;
  'session.sendFrames': { frames: number };
  'session.sendRawBytes': { bytes: number };
  'workspace.status': WorkspaceStatus;
  'workspace.new': WorkspaceStatus;
  'workspace.open': OpenedWorkspace;
  'workspace.save': WorkspaceStatus;
  'workspace.recover': OpenedWorkspace;
  'workspace.setRendererState': WorkspaceStatus;
  'capture.export': { path: string; entries: number };
  'capture.importHar': SessionSummary;
  /** `native: false` when the page must ask for the path itself; `path: null` when the user cancelled. */
  'dialog.choosePath': { native: boolean; path: string | null };
}

/** What the main process pushes, in batches of at most ~60 a second. */
export type ApiEvent =
  | { type: 'session'; session: SessionSummary }
  | { type: 'entries'; sessionId: string; entries: CaptureEntry[] }
  /** The session's running totals: frames whose payload was dropped, entries removed entirely. */
  | { type: 'truncated'; sessionId: string; frames: number; evicted: number }
  | { type: 'removed'; sessionId: string }
  /**
   * The open workspace's path, dirty flag or recovery offer changed. `renderer` comes with
   * it when the main process replaced the renderer's state (a workspace opened, recovered
   * or started anew, from the File menu or at launch) and in each subscriber's first batch.
   */
  | { type: 'workspace'; status: WorkspaceStatus; renderer?: RendererState };

/** The API as the renderer sees it, whichever transport carries it. */
export interface WorkbenchApi {
  call<M extends MethodName>(method: M, args: MethodArgs<M>): Promise<MethodResults[M]>;
  /** Subscribe to event batches; returns the unsubscribe function. */
  subscribe(listener: (events: ApiEvent[]) => void): () => void;
}

/** The error every transport returns for a failed call: one sentence for the user. */
export interface ApiError {
  message: string;
}

/** How a call's outcome crosses IPC (ipcMain.handle would wrap a thrown error's message). */
export type ApiResponse<T = unknown> = { ok: true; result: T } | { ok: false; error: ApiError };

/** Browser mode's bridge, one JSON text message each way. */
export interface BridgeRequest {
  id: number;
  method: string;
  args: unknown;
}
export type BridgeReply = { id: number | null; result: unknown } | { id: number | null; error: ApiError };
export interface BridgeEvents {
  events: ApiEvent[];
}
