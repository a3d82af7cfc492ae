import '@xyflow/react/dist/base.css';
import './styles.css';
import './boot.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { installWorkerTestHook } from '../worker/devHook';
import { startEditor } from './startup';

void startEditor();
// Browser tests drive the training worker through this hook; only with `?kairo-test` in the URL.
installWorkerTestHook();

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
