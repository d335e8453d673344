// Component tests' harness: a real workbench store over a fake API that records every
// call and answers from the test's table, rendered into happy-dom by Testing Library.
import { cleanup, render } from '@testing-library/react';
import { createElement, type ComponentType } from 'react';
import { onTestFinished } from 'vitest';
import type { MethodArgs, MethodName, MethodResults, SessionSummary } from '../../shared/api';
import type { ConnectedApi } from '../../renderer/api/types';
import { StoreContext } from '../../renderer/app/store-context';
import { createWorkbenchStore, type WorkbenchStore } from '../../renderer/store/workbench-store';

export type Answers = { [M in MethodName]?: (args: MethodArgs<M>) => MethodResults[M] };

export interface FakeApi extends ConnectedApi {
  calls: { method: MethodName; args: unknown }[];
  /** The arguments of every call to `method`, in order. */
  argsOf<M extends MethodName>(method: M): MethodArgs<M>[];
}

/** An API whose methods answer from `answers`; any other method fails as the host would. */
export function fakeApi(answers: Answers = {}): FakeApi {
  const calls: FakeApi['calls'] = [];
  return {
    calls,
    argsOf: <M extends MethodName>(method: M) => calls.filter((call) => call.method === method).map((call) => call.args as MethodArgs<M>),
    async call<M extends MethodName>(method: M, args: MethodArgs<M>): Promise<MethodResults[M]> {
      calls.push({ method, args });
      const answer = answers[method] as ((args: MethodArgs<M>) => MethodResults[M]) | undefined;
      if (!answer) throw new Error(`${method} is not answered in this test`);
      return answer(args);
    },
    subscribe: () => () => undefined,
    onLost: () => () => undefined,
  };
}

/** A session summary with the fields a test does not care about filled in. */
export function session(fields: Partial<SessionSummary> & Pick<SessionSummary, 'id' | 'kind' | 'label' | 'state'>): SessionSummary {
  return { parentId: null, entries: 0, truncated: 0, evicted: 0, status: null, ...fields };
}

export interface RenderOptions {
  api?: FakeApi;
  /** Sessions the store already holds, and the one selected in the sidebar. */
  sessions?: SessionSummary[];
  selected?: string;
}

/** Render `component` with a fresh store over a fake API; unmounted when the test ends. */
export function renderWorkbench(component: ComponentType, { api = fakeApi(), sessions = [], selected }: RenderOptions = {}): { store: WorkbenchStore; api: FakeApi } {
  const store = createWorkbenchStore(api);
  store.getState().upsertSessions(sessions);
  if (selected !== undefined) store.getState().select(selected);
  onTestFinished(() => cleanup());
  render(createElement(StoreContext.Provider, { value: store }, createElement(component)));
  return { store, api };
}

/** The text a base64 argument carries. */
export function decodeBase64(data: string): string {
  return Buffer.from(data, 'base64').toString('utf8');
}
