import { MemoryMeter } from '../features/capture/MemoryMeter';
import { Composer } from '../features/composer/Composer';
import { ConnectionBar } from '../features/connection/ConnectionBar';
import { Notices } from '../features/notices/Notices';
import { ServerPanel } from '../features/server/ServerPanel';
import { SessionList } from '../features/sessions/SessionList';
import { StatusLine } from '../features/sessions/StatusLine';
import { Timeline } from '../features/timeline/Timeline';

export function App() {
  return (
    <div className="app">
      <header className="toolbar">
        <h1>WS Workbench</h1>
        <ConnectionBar />
        <ServerPanel />
        <MemoryMeter />
      </header>
      <Notices />
      <div className="workspace">
        <SessionList />
        <main className="session">
          <StatusLine />
          <Timeline />
          <Composer />
        </main>
      </div>
    </div>
  );
}
