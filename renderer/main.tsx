import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { findApi } from './api/find-api';
import { App } from './app/App';
import { StoreContext } from './app/store-context';
import { createWorkbenchStore } from './store/workbench-store';
import './styles.css';

const root = createRoot(document.getElementById('root') as HTMLElement);

try {
  const store = createWorkbenchStore(findApi());
  void store.getState().start();
  root.render(
    <StrictMode>
      <StoreContext.Provider value={store}>
        <App />
      </StoreContext.Provider>
    </StrictMode>,
  );
} catch (error) {
  root.render(
    <p role="alert" className="fatal">
      {error instanceof Error ? error.message : String(error)}
    </p>,
  );
}
