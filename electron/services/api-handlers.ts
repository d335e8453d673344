import type { z } from 'zod';
import { isMethodName, methods, type ApiResponse, type MethodName, type MethodResults, type SessionSummary } from '../../shared/api';
import type { Workbench } from './workbench';

type Handlers = { [M in MethodName]: (args: z.output<(typeof methods)[M]>) => MethodResults[M] | Promise<MethodResults[M]> };

/** Every method of the contract, bound to the workbench. Arguments arrive validated. */
function bind(workbench: Workbench): Handlers {
  const { sessions, captures } = workbench;
  return {
    'session.connect': (args) => sessions.connect(args),
    'session.reconnect': ({ sessionId }) => sessions.reconnect(sessionId),
    'session.sendMessage': async (args) => ({ frames: await sessions.sendMessage(args) }),
    'session.ping': ({ sessionId, payload }) => {
      sessions.ping(sessionId, payload);
      return null;
    },
    'session.close': async ({ sessionId, code, reason }) => {
      await sessions.close(sessionId, code, reason);
      return null;
    },
    'session.terminate': async ({ sessionId }) => {
      await sessions.terminate(sessionId);
      return null;
    },
    'session.remove': async ({ sessionId }) => {
      await sessions.remove(sessionId);
      return null;
    },
    'session.list': () => sessions.list(),
    'server.start': (args) => sessions.startServer(args),
    'server.stop': async ({ sessionId }) => {
      await sessions.stopServer(sessionId);
      return null;
    },
    'server.setEcho': ({ sessionId, echo }) => sessions.setEcho(sessionId, echo),
    'server.broadcast': ({ sessionId, kind, data }) => ({ clients: sessions.broadcast(sessionId, kind, Buffer.from(data, 'base64')) }),
    'capture.entries': ({ sessionId, from, count }) => {
      if (!captures.has(sessionId)) throw new Error(`there is no session ${sessionId}`);
      return captures.entries(sessionId, from, count);
    },
    'capture.payload': ({ sessionId, seq, offset, length }) => {
      const { data, total } = captures.payload(sessionId, seq, offset, length);
      return { data: data.toString('base64'), total };
    },
    'capture.stats': () => ({
      usedBytes: captures.usedBytes,
      limitBytes: captures.currentLimits.memoryBytes,
      heapUsedBytes: process.memoryUsage().heapUsed,
      rssBytes: process.memoryUsage.rss(),
    }),
    'settings.get': () => workbench.settings,
    'settings.set': (args) => workbench.updateSettings(args),
    'workspace.get': () => ({ version: 1, ...sessions.workspace() }),
    'workspace.load': (document) => loadWorkspace(workbench, document),
    'workspace.clear': async () => {
      await sessions.clear();
      return null;
    },
  };
}

/** Start the servers first (the clients may point at them), then connect; one sentence lists what failed. */
async function loadWorkspace(workbench: Workbench, document: z.output<typeof methods['workspace.load']>): Promise<SessionSummary[]> {
  const opened: SessionSummary[] = [];
  const failures: string[] = [];
  for (const server of document.servers) {
    try {
      opened.push(await workbench.sessions.startServer(server));
    } catch (error) {
      failures.push(errorMessage(error));
    }
  }
  for (const client of document.clients) {
    try {
      opened.push(workbench.sessions.connect(client));
    } catch (error) {
      failures.push(`${client.url}: ${errorMessage(error)}`);
    }
  }
  const total = document.servers.length + document.clients.length;
  if (failures.length > 0) throw new Error(`${failures.length} of ${total} sessions could not be opened: ${failures.join('; ')}`);
  return opened;
}

export interface ApiHandler {
  /** Validate `args` against the method's schema and run it; never throws. */
  handle(method: unknown, args: unknown): Promise<ApiResponse>;
}

/**
 * The main process's side of the contract, whichever transport carries it: every
 * argument is validated where it enters, every failure becomes one sentence.
 */
export function createApiHandler(workbench: Workbench): ApiHandler {
  const handlers = bind(workbench);
  return {
    async handle(method, args) {
      if (!isMethodName(method)) return failure(`unknown method ${JSON.stringify(String(method)).slice(0, 80)}`);
      const parsed = methods[method].safeParse(args);
      if (!parsed.success) return failure(`${method}: ${describeIssue(parsed.error)}`);
      try {
        const run = handlers[method] as (args: unknown) => unknown;
        return { ok: true, result: await run(parsed.data) };
      } catch (error) {
        return failure(errorMessage(error));
      }
    },
  };
}

function failure(message: string): ApiResponse {
  return { ok: false, error: { message } };
}

/** The first problem with the arguments, as "url: expected string, received number". */
function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more problem${error.issues.length > 2 ? 's' : ''})` : '';
  return `${where}${issue.message.replace(/^Invalid input: /, '')}${more}`;
}

/** One line: an error's message, never its stack. */
export function errorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] || 'unknown error';
}
