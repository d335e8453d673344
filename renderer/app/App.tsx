import { MemoryMeter } from '../features/capture/MemoryMeter';
import { Composer } from '../features/composer/Composer';
import { ConnectionBar } from '../features/connection/ConnectionBar';
import { Crafter } from '../features/crafter/Crafter';
import { Inspector } from '../features/inspector/Inspector';
import { Notices } from '../features/notices/Notices';
import { ServerPanel } from '../features/server/ServerPanel';
import { SessionList } from '../features/sessions/SessionList';
import { StatusLine } from '../features/sessions/StatusLine';
import { Timeline } from '../features/timeline/Timeline';
import { RecoveryBanner } from '../features/workspace/RecoveryBanner';
import { WorkspaceBar } from '../features/workspace/WorkspaceBar';
import { PANE_LIMITS } from '../store/layout-slice';
import { Splitter } from '../ui/Splitter';
import './app.css';
import { useWorkbench } from './store-context';
import { ThemeToggle } from './ThemeToggle';
import { useShortcuts } from './use-shortcuts';

/**
 * The window: a header; the sidebar (sessions, the local server); the main column (the
 * connect bar, the timeline, and below it the composer beside the frame crafter); the
 * inspector on the right. Every boundary is a drag handle, and the sizes are kept.
 */
export function App() {
  const sizes = useWorkbench((state) => state.paneSizes);
  const setPaneSize = useWorkbench((state) => state.setPaneSize);
  useShortcuts();
  return (
    <div className="app">
      <header className="app-header">
        <h1>WS Workbench</h1>
        <WorkspaceBar />
        <span className="app-header-end">
          <MemoryMeter />
          <ThemeToggle />
        </span>
      </header>
      <RecoveryBanner />
      <Notices />
      <div className="panes">
        <aside className="sidebar" style={{ width: sizes.sidebar }}>
          <SessionList />
          <ServerPanel />
        </aside>
        <Splitter label="Resize the sidebar" orientation="vertical" value={sizes.sidebar} {...PANE_LIMITS.sidebar} onChange={(size) => setPaneSize('sidebar', size)} />
        <main className="main-column">
          <ConnectionBar />
          <StatusLine />
          <Timeline />
          <Splitter label="Resize the composer and crafter" orientation="horizontal" inverted value={sizes.composer} {...PANE_LIMITS.composer} onChange={(size) => setPaneSize('composer', size)} />
          <div className="bottom-pane" style={{ height: sizes.composer }}>
            <div className="bottom-slot">
              <Composer />
            </div>
            <div className="bottom-slot">
              <Crafter />
            </div>
          </div>
        </main>
        <Splitter label="Resize the inspector" orientation="vertical" inverted value={sizes.inspector} {...PANE_LIMITS.inspector} onChange={(size) => setPaneSize('inspector', size)} />
        <div className="inspector-pane" style={{ width: sizes.inspector }}>
          <Inspector />
        </div>
      </div>
    </div>
  );
}
