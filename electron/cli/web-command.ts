import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { isLoopbackHost, startWebHost } from '../host/web-host';
import { preferSmallHeap } from '../services/heap';
import { Workbench } from '../services/workbench';
import { defaultDataDir } from '../services/workspace-persistence';
import { parseByteCount, parsePort, UsageError } from './usage-error';

export const WEB_HELP = `Usage: wsb web [options]

Run the workbench in a browser: serve the UI on this machine and print the URL to
open, a one-time token included. Only that page can drive the workbench. Ctrl+C
closes every connection and server. The recent-workspaces list and autosaves live in
$XDG_CONFIG_HOME/ws-workbench (by default ~/.config/ws-workbench).

Options:
  --port PORT              port to listen on, 0 for any free one (default 0)
  --host HOST              127.0.0.1 (default), ::1 or localhost
  --capture-memory BYTES   memory bound of all captures together (default 268435456)
  --workspace FILE         open this workspace file at launch
  -h, --help               show this help

Examples:
  wsb web
  wsb web --port 8300
  wsb web --workspace ./api-tests.json`;

export async function webCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '0' },
      'capture-memory': { type: 'string' },
      workspace: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(WEB_HELP);
    return 0;
  }
  if (!isLoopbackHost(values.host)) throw new UsageError(`--host takes 127.0.0.1, ::1 or localhost (browser mode is for this machine only), not ${JSON.stringify(values.host)}`);
  const memory = values['capture-memory'] === undefined ? undefined : parseByteCount(values['capture-memory'], '--capture-memory');
  preferSmallHeap();
  const workbench = new Workbench(memory === undefined ? {} : { captureMemoryBytes: memory });
  const dataDir = defaultDataDir();
  await workbench.workspace
    .startPersistence({ dataDir })
    .catch((error: unknown) => console.error(`wsb: no autosave or recent list: cannot use ${dataDir}: ${error instanceof Error ? error.message : String(error)}`));
  if (values.workspace !== undefined) {
    // A file that cannot be opened is reported, and the workbench starts with an empty workspace.
    await workbench.workspace.open(values.workspace).catch((error: unknown) => console.error(`wsb: cannot open the workspace: ${error instanceof Error ? error.message : String(error)}`));
  }
  // Bundled, this file is dist/wsb.js and the UI is dist/renderer.
  const rendererDir = fileURLToPath(new URL('./renderer/', import.meta.url));
  const host = await startWebHost({ host: values.host, port: parsePort(values.port), rendererDir, workbench });
  console.log('WS Workbench is running in browser mode. Open this URL (it includes your access token):');
  console.log(host.url);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
    // Started by npm start with an IPC channel: stop when that process is gone.
    if (process.connected) process.once('disconnect', resolve);
  });
  await host.close();
  await workbench.dispose();
  return 0;
}
