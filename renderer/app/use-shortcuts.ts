import { useEffect } from 'react';
import { FILTER_INPUT_ID } from '../features/timeline/TimelineToolbar';
import { useWorkbenchStore } from './store-context';

/** Where a key belongs to the text being edited, not to the app. */
function editing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement || (target instanceof HTMLInputElement && !['checkbox', 'radio', 'button'].includes(target.type));
}

/**
 * The app's keys: Ctrl/Cmd+F focuses the timeline's filter (instead of the browser's
 * find, which cannot see rows that are not drawn), End follows the newest row, Escape
 * clears the selection. (Ctrl/Cmd+Enter, to send, is the composer's.)
 */
export function useShortcuts(): void {
  const store = useWorkbenchStore();
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'f') {
        const input = document.getElementById(FILTER_INPUT_ID);
        if (!(input instanceof HTMLInputElement)) return;
        event.preventDefault();
        input.focus();
        input.select();
        return;
      }
      if (event.ctrlKey || event.metaKey || event.altKey || editing(event.target)) return;
      if (event.key === 'End') {
        event.preventDefault();
        store.getState().setFollowNewest(true);
      } else if (event.key === 'Escape' && store.getState().selectedEntry !== null) {
        store.getState().selectEntry(null);
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [store]);
}
