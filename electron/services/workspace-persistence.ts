import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { WorkspaceDocument } from '../../shared/api';
import { writeFileAtomic, type AtomicFs } from './atomic-write';
import { parseJson } from './json-syntax';
import { checkWorkspace, type CheckedWorkspace } from './workspace-file';

const RECENT_FILE = 'recent.json';
/** How many recently opened or saved workspaces the list keeps. */
export const RECENT_LIMIT = 10;
const AUTOSAVE_FORMAT = 'ws-workbench-autosave';
const AUTOSAVE_NAME = /^autosave-(\d+)\.json$/;

/** Where the workbench keeps its own files when no folder is given: `$XDG_CONFIG_HOME/ws-workbench` or `~/.config/ws-workbench`. */
export function defaultDataDir(): string {
  return path.join(process.env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config'), 'ws-workbench');
}

export interface PersistenceOptions {
  /** The folder for the recent list and autosaves (Electron's userData, or defaultDataDir()). */
  dataDir: string;
  /** This process, whose autosave is `autosave-<pid>.json`; tests pretend to be others. */
  pid?: number;
  /** Whether the process that wrote an autosave still runs; a dead one did not exit cleanly. */
  isAlive?: (pid: number) => boolean;
  fs?: AtomicFs;
}

/** An autosave left by a run that did not exit cleanly. */
export interface Leftover {
  file: string;
  savedAt: string;
  /** The workspace file it autosaved for; null for one never saved. */
  workspacePath: string | null;
}

/**
 * The workbench's own files in its data folder: the recent-workspaces list, and one
 * autosave per running process. A clean exit removes its autosave, so an autosave
 * whose process is gone is what a crash left behind.
 */
export class WorkspacePersistence {
  readonly dataDir: string;
  private readonly pid: number;
  private readonly isAlive: (pid: number) => boolean;
  private readonly fs: AtomicFs | undefined;

  constructor(options: PersistenceOptions) {
    this.dataDir = options.dataDir;
    this.pid = options.pid ?? process.pid;
    this.isAlive = options.isAlive ?? processIsAlive;
    this.fs = options.fs;
  }

  async prepare(): Promise<void> {
    await mkdir(this.dataDir, { recursive: true });
  }

  /** The recent list; a missing or broken one reads as empty and is rewritten by the next open or save. */
  async readRecent(): Promise<string[]> {
    let json: unknown;
    try {
      json = JSON.parse(await readFile(path.join(this.dataDir, RECENT_FILE), 'utf8'));
    } catch {
      return [];
    }
    const list = (json as { recent?: unknown } | null)?.recent;
    return Array.isArray(list) ? list.filter((item): item is string => typeof item === 'string').slice(0, RECENT_LIMIT) : [];
  }

  async writeRecent(recent: string[]): Promise<void> {
    await writeFileAtomic(path.join(this.dataDir, RECENT_FILE), `${JSON.stringify({ recent }, null, 2)}\n`, this.fs);
  }

  async writeAutosave(document: Omit<WorkspaceDocument, 'captures' | 'capturesGzip'>, workspacePath: string | null): Promise<void> {
    const autosave = { format: AUTOSAVE_FORMAT, savedAt: document.savedAt, workspacePath, document };
    await writeFileAtomic(this.autosaveFile, JSON.stringify(autosave), this.fs);
  }

  async removeAutosave(): Promise<void> {
    await rm(this.autosaveFile, { force: true });
  }

  /**
   * The newest autosave left by a process that is gone, unless its workspace was saved
   * since (then the file is newer and the autosave is stale, and removed).
   */
  async findLeftover(): Promise<Leftover | null> {
    const found: Leftover[] = [];
    for (const name of await readdir(this.dataDir)) {
      const pid = AUTOSAVE_NAME.exec(name)?.[1];
      if (pid === undefined || Number(pid) === this.pid || this.isAlive(Number(pid))) continue;
      const file = path.join(this.dataDir, name);
      const header = await readHeader(file);
      if (header === null || (await savedSince(header))) await rm(file, { force: true });
      else found.push({ file, ...header });
    }
    return found.sort((a, b) => b.savedAt.localeCompare(a.savedAt))[0] ?? null;
  }

  /** A leftover's workspace, checked like any file. */
  async readLeftover(leftover: Leftover): Promise<CheckedWorkspace> {
    const json = parseJson(await readFile(leftover.file, 'utf8'), leftover.file) as { document?: unknown };
    return checkWorkspace(json.document, leftover.file);
  }

  /** Remove every autosave a gone process left. */
  async removeLeftovers(): Promise<void> {
    for (const name of await readdir(this.dataDir)) {
      const pid = AUTOSAVE_NAME.exec(name)?.[1];
      if (pid !== undefined && Number(pid) !== this.pid && !this.isAlive(Number(pid))) await rm(path.join(this.dataDir, name), { force: true });
    }
  }

  private get autosaveFile(): string {
    return path.join(this.dataDir, `autosave-${this.pid}.json`);
  }
}

/** An autosave's savedAt and workspace path; null for a file that is not one (half-written by a crash, say). */
async function readHeader(file: string): Promise<Omit<Leftover, 'file'> | null> {
  let json: { format?: unknown; savedAt?: unknown; workspacePath?: unknown };
  try {
    json = JSON.parse(await readFile(file, 'utf8')) as typeof json;
  } catch {
    return null;
  }
  if (json?.format !== AUTOSAVE_FORMAT || typeof json.savedAt !== 'string') return null;
  return { savedAt: json.savedAt, workspacePath: typeof json.workspacePath === 'string' ? json.workspacePath : null };
}

/** Was the autosave's workspace file saved after the autosave was written? */
async function savedSince(header: Omit<Leftover, 'file'>): Promise<boolean> {
  if (header.workspacePath === null) return false;
  const saved = await stat(header.workspacePath).then((info) => info.mtimeMs, () => null);
  return saved !== null && saved > Date.parse(header.savedAt);
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
