import { readFile } from 'node:fs/promises';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { z } from 'zod';
import { workspaceDocumentSchema, type WorkspaceDocument } from '../../shared/api';
import { WORKSPACE_FORMAT, WORKSPACE_VERSION, type SavedCapture } from '../../shared/workspace';
import { describeFileError } from './atomic-write';
import { parseJson } from './json-syntax';
import { savedCaptureSchema } from './saved-capture-schema';

/** A workspace file that passed every check: its captures parsed (and inflated) too. */
export interface CheckedWorkspace {
  document: z.output<typeof workspaceDocumentSchema>;
  captures: SavedCapture[];
}

/** Past this much JSON, captures are written gzipped (docs/workspace-format.md). */
const GZIP_CAPTURES_ABOVE = 1024 * 1024;
/** What compressed captures may inflate to: about the longest string JavaScript can hold. */
const MAX_INFLATED = 512 * 1024 * 1024;

/** Read and check a workspace file; throws one sentence naming the file, and where and what is wrong. */
export async function readWorkspaceFile(file: string): Promise<CheckedWorkspace> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${file}: ${describeFileError(error)}`, { cause: error });
  }
  return checkWorkspace(parseJson(text, file), file);
}

/**
 * Check a parsed document, in the order that gives the most useful message: is it a
 * workspace at all, is it a version we read, then every field, then how captures refer
 * to the settings and to each other.
 */
export function checkWorkspace(json: unknown, file: string): CheckedWorkspace {
  const fail = (where: string, problem: string) => new Error(`${file}: ${where ? `${where}: ` : ''}${problem}`);
  if (!isObject(json) || json.format !== WORKSPACE_FORMAT) throw fail('', `not a WS Workbench workspace (it has no "format": "${WORKSPACE_FORMAT}")`);
  if (typeof json.version === 'number' && json.version > WORKSPACE_VERSION) {
    throw fail('', `written by a newer WS Workbench (format version ${json.version}); this version reads version ${WORKSPACE_VERSION}`);
  }
  const parsed = workspaceDocumentSchema.safeParse(json);
  if (!parsed.success) throw issueError(parsed.error, [], fail);
  const document = parsed.data;
  if (document.captures !== undefined && document.capturesGzip !== undefined) throw fail('capturesGzip', 'a file holds captures or capturesGzip, not both');
  const rawCaptures = document.capturesGzip === undefined ? (document.captures ?? []) : inflateCaptures(document.capturesGzip, fail);
  const captures: SavedCapture[] = [];
  for (const [index, raw] of rawCaptures.entries()) {
    const capture = savedCaptureSchema.safeParse(raw);
    if (!capture.success) throw issueError(capture.error, ['captures', index], fail);
    checkCapture(capture.data, index, captures, document, fail);
    captures.push(capture.data);
  }
  return { document, captures };
}

type Fail = (where: string, problem: string) => Error;

function inflateCaptures(gzipped: string, fail: Fail): unknown[] {
  let json: string;
  try {
    json = gunzipSync(Buffer.from(gzipped, 'base64'), { maxOutputLength: MAX_INFLATED }).toString('utf8');
  } catch (error) {
    const tooLarge = (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
    throw fail('capturesGzip', tooLarge ? 'the captures inflate to more than 512 MiB' : 'not valid gzip data');
  }
  let captures: unknown;
  try {
    captures = JSON.parse(json);
  } catch {
    throw fail('capturesGzip', 'the compressed captures are not valid JSON');
  }
  if (!Array.isArray(captures)) throw fail('capturesGzip', 'the compressed captures are not a list');
  return captures;
}

/** How a capture refers to the rest of the file: numbered without gaps, its links valid, its payloads present. */
function checkCapture(capture: SavedCapture, index: number, earlier: SavedCapture[], document: CheckedWorkspace['document'], fail: Fail): void {
  const at = `captures[${index}]`;
  capture.entries.forEach((entry, i) => {
    const expected = capture.entries[0].seq + i;
    if (entry.seq !== expected) throw fail(`${at}.entries[${i}].seq`, `expected ${expected}: entries are numbered without gaps`);
  });
  if (capture.config !== undefined) {
    const list = capture.kind === 'client' ? document.clients : capture.kind === 'server' ? document.servers : null;
    if (list === null) throw fail(`${at}.config`, "a server's client has no settings of its own");
    const listName = capture.kind === 'client' ? 'clients' : 'servers';
    if (capture.config >= list.length) throw fail(`${at}.config`, `there is no ${listName}[${capture.config}]`);
    if (earlier.some((other) => other.kind === capture.kind && other.config === capture.config)) throw fail(`${at}.config`, `another capture already belongs to ${listName}[${capture.config}]`);
  }
  if (capture.kind === 'server-client') {
    if (capture.parent === undefined || capture.parent >= index || earlier[capture.parent].kind !== 'server') {
      throw fail(`${at}.parent`, "a server's client needs the index of its server's capture, earlier in the list");
    }
  } else if (capture.parent !== undefined) {
    throw fail(`${at}.parent`, "only a server's client has a parent");
  }
  const missing = capture.entries.find((entry) => entry.kind === 'frame' && !entry.complete && !entry.dropped && capture.payloads[entry.seq] === undefined);
  if (missing) throw fail(`${at}.payloads`, `frame ${missing.seq} has no payload, and its preview is not the whole of it`);
}

/** The first problem zod found, as "clients[2].url: expected string, received number". */
function issueError(error: z.ZodError, prefix: PropertyKey[], fail: Fail): Error {
  const issue = error.issues[0];
  return fail(formatPath([...prefix, ...issue.path]), issue.message.replace(/^Invalid input: /, ''));
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`)).join('');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The file's text: captures inline, or gzipped once their JSON passes GZIP_CAPTURES_ABOVE. */
export function serializeWorkspace(document: Omit<WorkspaceDocument, 'captures' | 'capturesGzip'>, captures: SavedCapture[] | null): string {
  if (captures === null) return `${JSON.stringify(document, null, 2)}\n`;
  const json = JSON.stringify(captures);
  if (json.length <= GZIP_CAPTURES_ABOVE) return `${JSON.stringify({ ...document, captures }, null, 2)}\n`;
  return `${JSON.stringify({ ...document, capturesGzip: gzipSync(json).toString('base64') }, null, 2)}\n`;
}
