import type { StateCreator } from 'zustand/vanilla';
import { savedMessageSchema, type SavedMessage } from '../../shared/workspace';
import type { WorkbenchState } from './workbench-store';

/** Where saved messages live until the workspace keeps them in its file. */
export const SAVED_MESSAGES_KEY = 'wsb.savedMessages';

export interface SavedMessagesSlice {
  /** In the shape the workspace file keeps them (shared/workspace.ts). */
  savedMessages: SavedMessage[];
  /** Save under its folder and name, replacing a message saved there before. */
  saveMessage(message: Omit<SavedMessage, 'id'>): SavedMessage;
  deleteSavedMessage(id: string): void;
}

export const createSavedMessagesSlice: StateCreator<WorkbenchState, [], [], SavedMessagesSlice> = (set, get) => {
  const storage = browserStorage();
  const persist = (messages: SavedMessage[]) => {
    set({ savedMessages: messages });
    try {
      storage?.setItem(SAVED_MESSAGES_KEY, JSON.stringify(messages));
    } catch (error) {
      get().showError(`The saved messages could not be stored in this browser (${error instanceof Error ? error.message : String(error)}); they last until the page is closed.`);
    }
  };
  return {
    savedMessages: load(storage),
    saveMessage: (message) => {
      const others = get().savedMessages.filter((saved) => saved.folder !== message.folder || saved.name !== message.name);
      const saved = { id: crypto.randomUUID(), ...message };
      persist([...others, saved]);
      return saved;
    },
    deleteSavedMessage: (id) => persist(get().savedMessages.filter((saved) => saved.id !== id)),
  };
};

function browserStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch (error) {
    // A page whose origin may not use storage still works; its messages just do not outlive it.
    console.warn('localStorage is not available', error);
    return null;
  }
}

/** The messages stored earlier; any entry that no longer fits the shape is left out. */
function load(storage: Storage | null): SavedMessage[] {
  const stored = storage?.getItem(SAVED_MESSAGES_KEY);
  if (!stored) return [];
  try {
    const parsed: unknown = JSON.parse(stored);
    if (!Array.isArray(parsed)) throw new Error('not an array');
    return parsed.flatMap((entry) => {
      const result = savedMessageSchema.safeParse(entry);
      return result.success ? [result.data] : [];
    });
  } catch (error) {
    console.warn('ignoring unreadable saved messages', error);
    return [];
  }
}
