import type { WorkbenchApi } from '../../shared/api';
import { connectBridge } from './bridge-client';
import type { ConnectedApi } from './types';

declare global {
  interface Window {
    /** Exposed by the Electron preload. */
    workbench?: WorkbenchApi;
  }
}

/**
 * Whichever API this page can reach: Electron's preload object, or else the bridge to
 * the browser-mode host that served the page (its token is in the page's URL).
 * Throws one sentence when there is neither.
 */
export function findApi(): ConnectedApi {
  const preload = window.workbench;
  if (preload) return { call: preload.call, subscribe: preload.subscribe, onLost: () => () => undefined };
  const token = new URLSearchParams(window.location.search).get('token');
  if (!token || window.location.protocol !== 'http:') {
    throw new Error('Open this page with the full URL that "wsb web" (or npm start) printed: it carries the access token.');
  }
  return connectBridge(`ws://${window.location.host}/api?token=${encodeURIComponent(token)}`);
}
