import type { z } from 'zod';
import { isMethodName, methods, type ApiResponse, type MethodName, type MethodResults } from '../../shared/api';
import { exportTimeline } from './capture-export';
import { readHar } from './har-import';
import type { Workbench } from './workbench';

type Handlers = { [M in MethodName]: (args: z.output<(typeof methods)[M]>) => MethodResults[M] | Promise<MethodResults[M]> };

/** Every method of the contract, bound to the workbench. Arguments arrive validated. */
function bind(workbench: Workbench): Handlers {
  const { sessions, captures, workspace } = workbench;
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
    'session.sendFrames': async ({ sessionId, steps }) => ({ frames: await sessions.sendFrames(sessionId, steps) }),
    'session.sendRawBytes': ({ sessionId, data }) => ({ bytes: sessions.sendRawBytes(sessionId, Buffer.from(data, 'base64')) }),
    'workspace.status': () => workspace.status(),
    'workspace.new': () => workspace.newWorkspace(),
    'workspace.open': ({ path }) => workspace.open(path),
    'workspace.save': ({ path, includeCaptures }) => workspace.save(path, includeCaptures),
    'workspace.recover': () => workspace.recover(),
    'workspace.setRendererState': (state) => workspace.setRendererState(state),
    'capture.export': ({ sessionId, format, path }) => {
      const session = sessions.summary(sessionId);
      if (session === null) throw new Error(`there is no session ${sessionId}`);
      return exportTimeline(session, captures.timeline(sessionId), format, path);
    },
    'capture.importHar': async ({ path }) => sessions.addRecorded('client', null, await readHar(path)),
    // Without Electron there is no native dialog: the page asks for the path in its own.
    'dialog.choosePath': () => ({ native: false, path: null }),
  };
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
