import type { WorkbenchApi } from '../../shared/api';

/** The API as the app uses it: the contract, plus word when the transport is gone. */
export interface ConnectedApi extends WorkbenchApi {
  /** Called once, with one sentence, if the transport to the main process is lost. */
  onLost(listener: (message: string) => void): () => void;
}
