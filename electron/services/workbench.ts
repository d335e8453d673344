import type { ApiEvent, Settings, SessionSummary } from '../../shared/api';
import type { CaptureEntry } from '../../shared/capture';
import { CaptureStore, DEFAULT_CAPTURE_LIMITS } from './capture-store';
import { EventBatcher, type BatcherOptions, type Change, type FeedSource } from './event-batcher';
import { SessionRegistry } from './session-registry';

export const DEFAULT_SETTINGS: Settings = {
  captureMemoryBytes: DEFAULT_CAPTURE_LIMITS.memoryBytes,
  previewBytes: DEFAULT_CAPTURE_LIMITS.previewBytes,
};

/**
 * The workbench's services, without Electron: the sessions, their captures, the
 * settings, and one batched event stream per subscriber (a window, a browser tab).
 */
export class Workbench implements FeedSource {
  readonly captures: CaptureStore;
  readonly sessions: SessionRegistry;
  private settingsValue: Settings;
  private readonly feeds = new Set<EventBatcher>();

  constructor(settings: Partial<Settings> = {}) {
    this.settingsValue = { ...DEFAULT_SETTINGS, ...settings };
    const notify = (change: Change) => {
      for (const feed of this.feeds) feed.notify(change);
    };
    this.captures = new CaptureStore({ memoryBytes: this.settingsValue.captureMemoryBytes, previewBytes: this.settingsValue.previewBytes }, notify);
    this.sessions = new SessionRegistry(this.captures, notify);
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

  /** Close every connection and stop every server. */
  async dispose(): Promise<void> {
    for (const feed of this.feeds) feed.close();
    this.feeds.clear();
    await this.sessions.clear();
  }
}
