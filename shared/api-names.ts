/**
 * The names of the API's methods and its event channel, without their schemas: the
 * Electron preload bundles this file alone (a sandboxed preload cannot load zod from
 * disk). shared/api.ts checks, at compile time, that it defines a schema for exactly these.
 */
export const METHOD_NAMES = [
  'session.connect',
  'session.reconnect',
  'session.sendMessage',
  'session.ping',
  'session.close',
  'session.terminate',
  'session.remove',
  'session.list',
  'server.start',
  'server.stop',
  'server.setEcho',
  'server.broadcast',
  'capture.entries',
  'capture.payload',
  'capture.stats',
  'settings.get',
  'settings.set',
  'session.sendFrames',
  'session.sendRawBytes',
  'workspace.status',
  'workspace.new',
  'workspace.open',
  'workspace.save',
  'workspace.recover',
  'workspace.setRendererState',
  'capture.export',
  'capture.importHar',
  'dialog.choosePath',
] as const;

export type MethodName = (typeof METHOD_NAMES)[number];

/** The one channel the main process pushes event batches on. */
export const EVENTS_CHANNEL = 'events.batch';

const names: ReadonlySet<string> = new Set(METHOD_NAMES);

export function isMethodName(value: unknown): value is MethodName {
  return typeof value === 'string' && names.has(value);
}
