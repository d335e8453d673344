import { connectCommand, CONNECT_HELP } from './connect-command';
import { serveCommand, SERVE_HELP } from './serve-command';
import { UsageError } from './usage-error';
import { webCommand, WEB_HELP } from './web-command';

const HELP = `wsb: the WS Workbench command line: WebSocket client and server on our own RFC 6455 engine.

Usage: wsb <command> [options]

Commands:
  serve      run a WebSocket server (wsb serve --help)
  connect    open a WebSocket connection (wsb connect --help)
  web        run the workbench UI in a browser (wsb web --help)

Examples:
  wsb serve --port 8080 --echo
  echo hello | wsb connect ws://127.0.0.1:8080/
  wsb connect ws://127.0.0.1:8080/ --json`;

const commands: Record<string, { run: (args: string[]) => Promise<number>; help: string }> = {
  serve: { run: serveCommand, help: SERVE_HELP },
  connect: { run: connectCommand, help: CONNECT_HELP },
  web: { run: webCommand, help: WEB_HELP },
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(HELP);
    return name === undefined ? 2 : 0;
  }
  const command = commands[name];
  if (!command) throw new UsageError(`unknown command ${JSON.stringify(name)} (try wsb --help)`);
  return command.run(rest);
}

// A reader that stops early (`wsb … | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    // One clear line, never a stack trace: a usage mistake exits 2, anything else 1.
    const message = error instanceof Error ? error.message : String(error);
    console.error(`wsb: ${message}`);
    process.exit(isUsageMistake(error) ? 2 : 1);
  },
);

function isUsageMistake(error: unknown): boolean {
  return error instanceof UsageError || (error instanceof Error && 'code' in error && typeof error.code === 'string' && error.code.startsWith('ERR_PARSE_ARGS'));
}
