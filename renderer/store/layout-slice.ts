import type { StateCreator } from 'zustand/vanilla';
import type { WorkbenchState } from './workbench-store';

export type Theme = 'dark' | 'light';

/** Pane sizes in CSS pixels: the sidebar's and the inspector's widths, the composer's height. */
export interface PaneSizes {
  sidebar: number;
  inspector: number;
  composer: number;
}

export const PANE_LIMITS: Record<keyof PaneSizes, { min: number; max: number }> = {
  sidebar: { min: 160, max: 560 },
  inspector: { min: 300, max: 1000 },
  composer: { min: 72, max: 800 },
};

const DEFAULT_SIZES: PaneSizes = { sidebar: 240, inspector: 540, composer: 280 };
const STORAGE_KEY = 'wsb.layout';

export interface LayoutSlice {
  /** The theme chosen with the Theme button, or null to follow the system's (prefers-color-scheme). */
  themeChoice: Theme | null;
  paneSizes: PaneSizes;
  setThemeChoice(theme: Theme | null): void;
  setPaneSize(pane: keyof PaneSizes, size: number): void;
}

interface SavedLayout {
  themeChoice: Theme | null;
  paneSizes: PaneSizes;
}

/**
 * The theme and pane sizes, kept in two places: this browser's localStorage (what the
 * next visit starts with) and the workspace's `layout` (what a saved workspace brings
 * back: the workspace file keeps the UI layout). Opening a workspace applies its
 * layout here.
 */
export const createLayoutSlice: StateCreator<WorkbenchState, [], [], LayoutSlice> = (set, get, store) => {
  const saved = readLayout(loadStored());
  const keep = () => {
    const { themeChoice, paneSizes, layout, setLayout } = get();
    const current: SavedLayout = { themeChoice, paneSizes };
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(current));
    } catch (error) {
      console.warn('could not keep the layout in localStorage', error);
    }
    setLayout({ ...layout, themeChoice, paneSizes: { ...paneSizes } });
  };
  // A workspace opened or recovered: its layout, where it has one, replaces ours.
  store.subscribe((state, previous) => {
    if (state.layout === previous.layout || !('paneSizes' in state.layout || 'themeChoice' in state.layout)) return;
    const next = readLayout(state.layout);
    if (next.themeChoice !== state.themeChoice || JSON.stringify(next.paneSizes) !== JSON.stringify(state.paneSizes)) set(next);
  });
  return {
    themeChoice: saved.themeChoice,
    paneSizes: saved.paneSizes,
    setThemeChoice: (theme) => {
      set({ themeChoice: theme });
      keep();
    },
    setPaneSize: (pane, size) => {
      const { min, max } = PANE_LIMITS[pane];
      set((state) => ({ paneSizes: { ...state.paneSizes, [pane]: Math.round(Math.min(max, Math.max(min, size))) } }));
      keep();
    },
  };
};

function loadStored(): unknown {
  try {
    return JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null');
  } catch (error) {
    console.warn('ignoring a layout in localStorage that cannot be read', error);
    return null;
  }
}

/** A layout from untrusted JSON (localStorage, a workspace file): what is valid, defaults for the rest. */
function readLayout(stored: unknown): SavedLayout {
  const value = (typeof stored === 'object' && stored !== null ? stored : {}) as Partial<Record<keyof SavedLayout, unknown>>;
  const theme = value.themeChoice === 'dark' || value.themeChoice === 'light' ? value.themeChoice : null;
  const sizes = (typeof value.paneSizes === 'object' && value.paneSizes !== null ? value.paneSizes : {}) as Partial<Record<keyof PaneSizes, unknown>>;
  const size = (pane: keyof PaneSizes) => {
    const wanted = sizes[pane];
    const { min, max } = PANE_LIMITS[pane];
    return typeof wanted === 'number' && wanted >= min && wanted <= max ? wanted : DEFAULT_SIZES[pane];
  };
  return { themeChoice: theme, paneSizes: { sidebar: size('sidebar'), inspector: size('inspector'), composer: size('composer') } };
}
