import type { StateCreator } from 'zustand/vanilla';
import type { SessionSummary } from '../../shared/api';
import type { CraftedFrame } from '../../shared/crafted-frame';
import type { CraftedSequence, RendererState } from '../../shared/workspace';
import { bytesToBase64 } from '../api/bytes';
import type { ConnectedApi } from '../api/types';
import { attempt } from './attempt';
import { selectedSession, sendProblem } from './send-target';
import type { WorkbenchState } from './workbench-store';

export type SavedCraftedFrame = RendererState['craftedFrames'][number];
export type SequenceStep = CraftedSequence['steps'][number];
/** The side crafted bytes are sent from: a client connection, or a server's client (the server side). */
export type PeerRole = 'client' | 'server';

export interface CrafterSlice {
  /** Named frames, kept by the workspace. */
  craftedFrames: SavedCraftedFrame[];
  /** Named runs of frames with delays, kept by the workspace. */
  sequences: CraftedSequence[];
  /** Save under a name, replacing a frame saved under that name before. */
  saveCraftedFrame(name: string, frame: CraftedFrame): void;
  deleteCraftedFrame(id: string): void;
  /** Save under a name, replacing a sequence saved under that name before. */
  saveSequence(name: string, steps: SequenceStep[]): void;
  deleteSequence(id: string): void;
  /** Crafted frames to the selected connection as one run, unchecked; resolves true once sent. */
  sendCraftedFrames(steps: SequenceStep[]): Promise<boolean>;
  /** Any bytes straight to the selected connection's socket; resolves true once sent. */
  sendRawBytes(bytes: Uint8Array): Promise<boolean>;
}

/** Which side a session sends from, or null for what is not one connection (a server as a whole). */
export function peerRole(session: SessionSummary | null): PeerRole | null {
  if (session?.kind === 'client') return 'client';
  if (session?.kind === 'server-client') return 'server';
  return null;
}

/** Why crafted bytes cannot go to the selected session right now, in one sentence; null when they can. */
export function craftProblem(session: SessionSummary | null): string | null {
  if (session?.kind === 'server') return 'Choose one of the server\'s clients in the sidebar: crafted frames go to one connection.';
  return sendProblem(session);
}

export function createCrafterSlice(api: ConnectedApi): StateCreator<WorkbenchState, [], [], CrafterSlice> {
  return (set, get) => {
    /** The selected connection, or null after saying why nothing can be sent. */
    function target(): SessionSummary | null {
      const session = selectedSession(get());
      const problem = craftProblem(session);
      if (problem !== null) get().showError(problem);
      return problem === null ? session : null;
    }

    return {
      craftedFrames: [],
      sequences: [],
      saveCraftedFrame: (name, frame) =>
        set((state) => ({ craftedFrames: [...state.craftedFrames.filter((saved) => saved.name !== name), { id: crypto.randomUUID(), name, frame }] })),
      deleteCraftedFrame: (id) => set((state) => ({ craftedFrames: state.craftedFrames.filter((saved) => saved.id !== id) })),
      saveSequence: (name, steps) =>
        set((state) => ({ sequences: [...state.sequences.filter((saved) => saved.name !== name), { id: crypto.randomUUID(), name, steps }] })),
      deleteSequence: (id) => set((state) => ({ sequences: state.sequences.filter((saved) => saved.id !== id) })),

      async sendCraftedFrames(steps) {
        const session = target();
        if (!session) return false;
        return (await attempt(get, () => api.call('session.sendFrames', { sessionId: session.id, steps }))) !== null;
      },

      async sendRawBytes(bytes) {
        if (bytes.length === 0) {
          get().showError('Type the bytes to send, as hex such as "81 05 48 65 6c 6c 6f".');
          return false;
        }
        const session = target();
        if (!session) return false;
        return (await attempt(get, () => api.call('session.sendRawBytes', { sessionId: session.id, data: bytesToBase64(bytes) }))) !== null;
      },
    };
  };
}
