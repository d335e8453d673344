// The only bridge between the sandboxed page and the main process: a hand-picked, typed
// object (Electron's security checklist; VS Code's preload). Bundled on its own, since a
// sandboxed preload can load no file of ours.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { EVENTS_CHANNEL, isMethodName } from '../../shared/api-names';
import type { ApiEvent, ApiResponse, MethodArgs, MethodName, MethodResults, WorkbenchApi } from '../../shared/api';

const api: WorkbenchApi = {
  async call<M extends MethodName>(method: M, args: MethodArgs<M>): Promise<MethodResults[M]> {
    if (!isMethodName(method)) throw new Error(`unknown method ${JSON.stringify(String(method))}`);
    const response = (await ipcRenderer.invoke(method, args)) as ApiResponse<MethodResults[M]>;
    if (!response.ok) throw new Error(response.error.message);
    return response.result;
  },
  subscribe(listener: (events: ApiEvent[]) => void): () => void {
    const forward = (_event: IpcRendererEvent, events: ApiEvent[]) => listener(events);
    ipcRenderer.on(EVENTS_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(EVENTS_CHANNEL, forward);
    };
  },
};

contextBridge.exposeInMainWorld('workbench', api);
