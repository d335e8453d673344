import { useEffect } from 'react';
import { useWorkbench } from '../../app/store-context';

/** Follow the workspace while the component is mounted: its status, and the renderer state it keeps. */
export function useWorkspaceSync(): void {
  const startWorkspace = useWorkbench((state) => state.startWorkspace);
  useEffect(() => startWorkspace(), [startWorkspace]);
}

/** Browser mode: closing or reloading the page asks first while the workspace has unsaved changes. */
export function useUnsavedChangesGuard(dirty: boolean): void {
  useEffect(() => {
    // In Electron the main process owns closing the window; a page that blocked unloading would only keep it open.
    if (!dirty || window.workbench !== undefined) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);
}
