import path from 'node:path';
import type { OpenedWorkspace } from '../../shared/api';
import { emptyRendererState, type RendererState, type WorkspaceStatus } from '../../shared/workspace';
import { writeFileAtomic, type AtomicFs } from './atomic-write';
import type { CaptureStore } from './capture-store';
import type { SessionRegistry } from './session-registry';
import { buildWorkspace, restoreWorkspace } from './workspace-document';
import { readWorkspaceFile, serializeWorkspace, type CheckedWorkspace } from './workspace-file';
import { RECENT_LIMIT, WorkspacePersistence, type Leftover, type PersistenceOptions } from './workspace-persistence';

/** How the service tells subscribers; `renderer` when it replaced the renderer's state. */
export type WorkspaceNotice = (status: WorkspaceStatus, renderer?: RendererState) => void;

export interface WorkspaceServiceOptions {
  /** File operations for saving; tests inject failing ones. */
  fs?: AtomicFs;
}

const AUTOSAVE_INTERVAL_MS = 30_000;

/**
 * The open workspace: where it lives, whether it changed since it was saved, the
 * renderer's part of it (which the renderer keeps sending), the recent list, autosave
 * and crash recovery. The sessions themselves live in the registry; opening a file
 * replaces them only once every check of the file has passed.
 */
export class WorkspaceService {
  private path: string | null = null;
  private renderer: RendererState = emptyRendererState();
  private rendererJson = JSON.stringify(this.renderer);
  /** What the last save, open or new left: compared with now to tell `dirty`. */
  private saved = { configs: '', renderer: this.rendererJson };
  /** A recovered autosave is unsaved work, whatever it holds. */
  private recovered = false;
  private includeCaptures = false;
  private recent: string[] = [];
  private recovery: Leftover | null = null;
  private persistence: WorkspacePersistence | null = null;
  private autosaveTimer: NodeJS.Timeout | null = null;
  private lastAutosaved: string | null = null;
  private lastDirty = false;
  /** Opens, saves and news run one at a time; while one replaces the sessions, their changes are not edits. */
  private queue: Promise<unknown> = Promise.resolve();
  private replacing = false;

  constructor(
    private readonly registry: SessionRegistry,
    private readonly captures: CaptureStore,
    private readonly notice: WorkspaceNotice,
    private readonly options: WorkspaceServiceOptions = {},
  ) {
    this.saved.configs = this.configsJson();
  }

  status(): WorkspaceStatus {
    return { path: this.path, dirty: this.dirty, recent: [...this.recent], recovery: this.recovery && { savedAt: this.recovery.savedAt } };
  }

  /** The renderer's saved messages, crafted frames and layout, as it last sent them. */
  get rendererState(): RendererState {
    return this.renderer;
  }

  setRendererState(state: RendererState): WorkspaceStatus {
    this.renderer = state;
    this.rendererJson = JSON.stringify(state);
    this.reportIfChanged();
    return this.status();
  }

  /** The sessions changed: their settings may now differ from the saved ones. */
  sessionsChanged(): void {
    if (!this.replacing) this.reportIfChanged();
  }

  /** Close everything and start an empty, untitled workspace. */
  newWorkspace(): Promise<WorkspaceStatus> {
    return this.exclusive(async () => {
      await this.replace(null, { path: null, renderer: emptyRendererState(), includeCaptures: false });
      return this.status();
    });
  }

  /** Open a workspace file; a file that fails any check changes nothing and throws one sentence. */
  open(file: string): Promise<OpenedWorkspace> {
    return this.exclusive(async () => {
      const absolute = path.resolve(file);
      const checked = await readWorkspaceFile(absolute);
      await this.replace(checked, { path: absolute, renderer: checked.document.renderer, includeCaptures: checked.captures.length > 0 });
      await this.remember(absolute);
      return this.opened();
    });
  }

  /** Open the autosave a crash left, as unsaved changes to the workspace it came from. */
  recover(): Promise<OpenedWorkspace> {
    return this.exclusive(async () => {
      const { recovery, persistence } = this;
      if (recovery === null || persistence === null) throw new Error('there is no autosaved workspace to recover');
      const checked = await persistence.readLeftover(recovery);
      await this.replace(checked, { path: recovery.workspacePath, renderer: checked.document.renderer, includeCaptures: this.includeCaptures });
      this.recovered = true;
      this.recovery = null;
      await persistence.removeLeftovers();
      this.report();
      return this.opened();
    });
  }

  /** Save to `file` (or where it was opened from or last saved), atomically; captures if asked, or as last time. */
  save(file?: string, includeCaptures?: boolean): Promise<WorkspaceStatus> {
    return this.exclusive(async () => {
      const target = file === undefined ? this.path : path.resolve(file);
      if (target === null) throw new Error('this workspace has not been saved yet: choose a file to save it to');
      const keepCaptures = includeCaptures ?? this.includeCaptures;
      const built = buildWorkspace(this.registry, this.captures, this.renderer, keepCaptures);
      await writeFileAtomic(target, serializeWorkspace(built.document, built.captures), this.options.fs);
      this.includeCaptures = keepCaptures;
      this.path = target;
      this.markSaved();
      await this.persistence?.removeAutosave();
      await this.remember(target);
      return this.status();
    });
  }

  /**
   * Keep the recent list and autosaves in `dataDir`, autosave every `autosaveMs` while
   * there are unsaved changes, and offer what a crash left behind.
   */
  async startPersistence(options: PersistenceOptions & { autosaveMs?: number }): Promise<void> {
    const persistence = new WorkspacePersistence({ fs: this.options.fs, ...options });
    await persistence.prepare();
    this.persistence = persistence;
    this.recent = await persistence.readRecent();
    this.recovery = await persistence.findLeftover();
    this.autosaveTimer = setInterval(() => {
      this.autosave().catch((error: unknown) => console.error(`autosave failed: ${(error as Error).message}`));
    }, options.autosaveMs ?? AUTOSAVE_INTERVAL_MS);
    this.autosaveTimer.unref();
    this.report();
  }

  /** Write the autosave now if there are unsaved changes it does not hold yet; resolves whether it wrote. */
  autosave(): Promise<boolean> {
    // In turn with saves and opens, so that an autosave never lands after the save that made it pointless.
    return this.exclusive(() => this.writeAutosave());
  }

  private async writeAutosave(): Promise<boolean> {
    const persistence = this.persistence;
    if (persistence === null || !this.dirty) return false;
    const built = buildWorkspace(this.registry, this.captures, this.renderer, false);
    const { clients, servers } = built.document;
    const state = JSON.stringify({ clients, servers, renderer: this.rendererJson, path: this.path });
    if (state === this.lastAutosaved) return false;
    await persistence.writeAutosave(built.document, this.path);
    this.lastAutosaved = state;
    return true;
  }

  /** A clean exit: no autosave is left to offer next time, nor the one this run offered. */
  stop(): Promise<void> {
    if (this.autosaveTimer !== null) clearInterval(this.autosaveTimer);
    this.autosaveTimer = null;
    return this.exclusive(async () => {
      const persistence = this.persistence;
      this.persistence = null;
      if (persistence === null) return;
      await persistence.removeAutosave();
      if (this.recovery !== null) await persistence.removeLeftovers();
    });
  }

  private get dirty(): boolean {
    return this.recovered || this.rendererJson !== this.saved.renderer || this.configsJson() !== this.saved.configs;
  }

  private configsJson(): string {
    const { clients, servers } = this.registry.workspace();
    return JSON.stringify({ clients, servers });
  }

  /** Replace every session with what `checked` describes (nothing for a new workspace), then call it saved. */
  private async replace(checked: CheckedWorkspace | null, next: { path: string | null; renderer: RendererState; includeCaptures: boolean }): Promise<void> {
    this.replacing = true;
    try {
      await this.registry.clear();
      if (checked) await restoreWorkspace(this.registry, checked);
    } finally {
      this.replacing = false;
    }
    this.path = next.path;
    this.renderer = next.renderer;
    this.rendererJson = JSON.stringify(next.renderer);
    this.includeCaptures = next.includeCaptures;
    this.markSaved();
    await this.persistence?.removeAutosave();
    this.report(this.renderer);
  }

  private markSaved(): void {
    this.saved = { configs: this.configsJson(), renderer: this.rendererJson };
    this.recovered = false;
    this.lastAutosaved = null;
  }

  private async remember(file: string): Promise<void> {
    this.recent = [file, ...this.recent.filter((other) => other !== file)].slice(0, RECENT_LIMIT);
    await this.persistence?.writeRecent(this.recent);
    this.report();
  }

  private opened(): OpenedWorkspace {
    return { status: this.status(), renderer: this.renderer, sessions: this.registry.list() };
  }

  private reportIfChanged(): void {
    if (this.dirty !== this.lastDirty) this.report();
  }

  private report(renderer?: RendererState): void {
    const status = this.status();
    this.lastDirty = status.dirty;
    this.notice(status, renderer);
  }

  private exclusive<T>(run: () => Promise<T>): Promise<T> {
    const result = this.queue.then(run);
    // The caller gets the failure through `result`; the next operation runs either way.
    this.queue = result.catch(() => undefined);
    return result;
  }
}
