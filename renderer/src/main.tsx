import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { pageApi } from './api.js';
import { createAppStore } from './store/appStore.js';
import { StoreContext } from './store/useAppStore.js';
import './styles.css';

const store = createAppStore(pageApi());
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <StoreContext.Provider value={store}>
      <App />
    </StoreContext.Provider>
  </StrictMode>,
);
void store.getState().init();
