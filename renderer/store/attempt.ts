import type { WorkbenchState } from './workbench-store';

/**
 * Run one call to the main process: a failure becomes the one-sentence error notice and
 * null; a success clears the notice, as every other action does.
 */
export async function attempt<T>(get: () => WorkbenchState, run: () => Promise<T>): Promise<T | null> {
  try {
    const result = await run();
    get().showError(null);
    return result;
  } catch (error) {
    get().showError(error instanceof Error ? error.message : String(error));
    return null;
  }
}
