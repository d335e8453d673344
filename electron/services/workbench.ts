import type { ApiEvent, Settings, SessionSummary } from '../../shared/api';
import type { CaptureEntry } from '../../shared/capture';
import { CaptureStore, DEFAULT_CAPTURE_LIMITS } from './capture-store';
import { EventBatcher, type BatcherOptions, type Change, type FeedSource } from './event-batcher';
import { SessionRegistry } from './session-registry';
import { WorkspaceService, type WorkspaceServiceOptions } from './workspace-service';

export const DEFAULT_SETTINGS: Settings = {
  captureMemoryBytes: DEFAULT_CAPTURE_LIMITS.memoryBytes,
  previewBytes: DEFAULT_CAPTURE_LIMITS.previewBytes,
};

/**
 * The workbench's services, without Electron: the sessions, their captures, the open
 * workspace, the settings, and one batched event stream per subscriber (a window, a
 * browser tab).
 */
export class Workbench implements FeedSource {
  readonly captures: CaptureStore;
  readonly sessions: SessionRegistry;
  readonly workspace: WorkspaceService;
  private settingsValue: Settings;
  private readonly feeds = new Set<EventBatcher>();

  constructor(settings: Partial<Settings> = {}, workspaceOptions: WorkspaceServiceOptions = {}) {
    this.settingsValue = { ...DEFAULT_SETTINGS, ...settings };
    const notify = (change: Change) => {
      for (const feed of this.feeds) feed.notify(change);
    };
    this.captures = new CaptureStore({ memoryBytes: this.settingsValue.captureMemoryBytes, previewBytes: this.settingsValue.previewBytes }, notify);
    this.sessions = new SessionRegistry(this.captures, (change) => {
      notify(change);
      this.workspace.sessionsChanged();
    });
    this.workspace = new WorkspaceService(this.sessions, this.captures, (status, renderer) => notify({ type: 'workspace', status, ...(renderer ? { renderer } : {}) }), workspaceOptions);
  }

  get settings(): Settings {
    return { ...this.settingsValue };
  }

  updateSettings(changes: Partial<Settings>): Settings {
    this.settingsValue = { ...this.settingsValue, ...changes };
    this.captures.setLimits({ memoryBytes: this.settingsValue.captureMemoryBytes, previewBytes: this.settingsValue.previewBytes });
    return this.settings;
  }

  /** Receive event batches; returns the unsubscribe function. */
  subscribe(send: (events: ApiEvent[]) => void, options: BatcherOptions = {}): () => void {
    const feed = new EventBatcher(this, send, options);
    this.feeds.add(feed);
    // A new subscriber (a window loading, a tab connecting) starts from the workspace as it is.
    feed.notify({ type: 'workspace', status: this.workspace.status(), renderer: this.workspace.rendererState });
    return () => {
      feed.close();
      this.feeds.delete(feed);
    };
  }

  summary(sessionId: string): SessionSummary | null {
    return this.sessions.summary(sessionId);
  }

  entries(sessionId: string, from: number, count: number): CaptureEntry[] {
    return this.captures.entries(sessionId, from, count);
  }

  /** Close every connection and stop every server: a clean exit, which leaves no autosave to recover. */
  async dispose(): Promise<void> {
    for (const feed of this.feeds) feed.close();
    this.feeds.clear();
    await this.workspace.stop();
    await this.sessions.clear();
  }
}
