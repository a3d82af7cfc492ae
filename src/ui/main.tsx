import '@xyflow/react/dist/base.css';
import './styles.css';
import './boot.css';
import './styles/canvas-tools.css';
import './styles/theme-dark.css';
import './styles/editor-states.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { installWorkerTestHook } from '../worker/devHook';
import { kairoStore } from '../store/index';
import { attachRunRecorder } from './runs/runHistory';
import { startEditor } from './startup';
import { trainingSession } from './training/useTrainingSession';
import { startTheme } from './theme';

startTheme();
void startEditor();
// Every run that ends goes into the run history (IndexedDB), for the Runs tab.
attachRunRecorder(kairoStore, trainingSession.series);
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
