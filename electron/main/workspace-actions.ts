import { dialog, type BrowserWindow } from 'electron';
import type { MethodArgs, MethodName, MethodResults, WorkspaceStatus } from '../../shared/api';
import type { ApiHandler } from '../services/api-handlers';

const FILTERS = [{ name: 'WS Workbench workspace', extensions: ['json'] }];

/**
 * File › New / Open / Save / Save As through native dialogs, and the unsaved-changes
 * question, over the same API the renderer calls (so the same checks and sentences).
 */
export class WorkspaceActions {
  constructor(
    private readonly handler: ApiHandler,
    private readonly window: () => BrowserWindow | null,
    private readonly status: () => WorkspaceStatus,
  ) {}

  async newWorkspace(): Promise<void> {
    if (!(await this.mayDiscard())) return;
    await this.run('Cannot start a new workspace', () => this.call('workspace.new', {}));
  }

  /** Open `file`, or the one the user picks. */
  async open(file?: string): Promise<void> {
    if (!(await this.mayDiscard())) return;
    const chosen = file ?? (await this.pickFileToOpen());
    if (chosen === null) return;
    await this.run('Cannot open the workspace', () => this.call('workspace.open', { path: chosen }));
  }

  /** Save where the workspace lives, or ask where; resolves whether it was saved. */
  async save(): Promise<boolean> {
    const path = this.status().path;
    if (path === null) return this.saveAs();
    return this.run('Cannot save the workspace', () => this.call('workspace.save', { path }));
  }

  async saveAs(includeCaptures?: boolean): Promise<boolean> {
    const win = this.window();
    const options = { title: includeCaptures ? 'Save workspace with captures' : 'Save workspace', filters: FILTERS, defaultPath: this.status().path ?? 'workspace.json' };
    const chosen = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
    if (chosen.canceled || !chosen.filePath) return false;
    const path = chosen.filePath;
    return this.run('Cannot save the workspace', () => this.call('workspace.save', { path, ...(includeCaptures === undefined ? {} : { includeCaptures }) }));
  }

  /** Before closing the last window: ask about unsaved changes. Synchronous, as a 'close' handler must decide at once. */
  askBeforeClosing(win: BrowserWindow): 'save' | 'discard' | 'cancel' {
    if (!this.status().dirty) return 'discard';
    const choice = dialog.showMessageBoxSync(win, {
      type: 'question',
      buttons: ['Save', "Don't Save", 'Cancel'],
      defaultId: 0,
      cancelId: 2,
      message: 'Save the changes to this workspace before closing?',
      detail: "Your changes will be lost if you don't save them.",
    });
    return choice === 0 ? 'save' : choice === 1 ? 'discard' : 'cancel';
  }

  /** Unsaved changes: save them, drop them, or stay. Resolves whether to go on. */
  private async mayDiscard(): Promise<boolean> {
    const win = this.window();
    if (!this.status().dirty || win === null) return true;
    const answer = await dialog.showMessageBox(win, {
      type: 'question',
      buttons: ['Save', "Don't Save", 'Cancel'],
      defaultId: 0,
      cancelId: 2,
      message: 'Save the changes to this workspace first?',
      detail: 'Every connection and server of this workspace will be closed.',
    });
    if (answer.response === 0) return this.save();
    return answer.response === 1;
  }

  private async pickFileToOpen(): Promise<string | null> {
    const win = this.window();
    const options = { title: 'Open workspace', filters: FILTERS, properties: ['openFile' as const] };
    const chosen = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    return chosen.canceled || chosen.filePaths.length === 0 ? null : chosen.filePaths[0];
  }

  private async call<M extends MethodName>(method: M, args: MethodArgs<M>): Promise<MethodResults[M]> {
    const response = await this.handler.handle(method, args);
    if (!response.ok) throw new Error(response.error.message);
    return response.result as MethodResults[M];
  }

  /** Run `action`; a failure is shown in an error box. Resolves whether it succeeded. */
  private async run(title: string, action: () => Promise<unknown>): Promise<boolean> {
    try {
      await action();
      return true;
    } catch (error) {
      dialog.showErrorBox(title, error instanceof Error ? error.message : String(error));
      return false;
    }
  }
}
