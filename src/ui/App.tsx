/** The editor's layout: top bar; palette | canvas (+ training dock) | inspector; dialogs on top. */
import { ReactFlowProvider } from '@xyflow/react';
import { useEffect } from 'react';
import { kairoStore, useKairo } from '../store/index';
import { shouldConfirmLeaving } from '../store/runStatus';
import { Canvas } from './canvas/Canvas';
import { appDocumentSession } from './documents/appSession';
import { DocumentsLayer } from './documents/DocumentsLayer';
import { Dialogs } from './chrome/Dialogs';
import { DataDialog } from './data/DataDialog';
import { LoadErrorPanel, Toast } from './chrome/Notices';
import { TopBar } from './chrome/TopBar';
import { Inspector } from './inspector/Inspector';
import { Palette } from './palette/Palette';
import { TrainingPanel } from './training/TrainingPanel';
import { useShortcuts } from './useShortcuts';

/**
 * Closing or reloading the tab asks first while it would lose something: a run in progress, trained
 * weights kept nowhere else (a 50-minute run must not be lost to one F5), or a graph the browser's
 * storage refused and that was not saved to a file. The browser words the question itself.
 */
function useLeavePrompt(): void {
  useEffect(() => {
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (!shouldConfirmLeaving(kairoStore.getState()) && !appDocumentSession().hasUnkeptWork()) return;
      event.preventDefault();
      // Older browsers show the prompt only when returnValue is set.
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, []);
}

function Editor() {
  useShortcuts();
  useLeavePrompt();
  const language = useKairo((state) => state.language);
  // Exposed for tests: whether leaving now would ask (a run on, or weights kept nowhere yet).
  const confirmLeaving = useKairo(shouldConfirmLeaving);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  return (
    <div className="app" data-confirm-leaving={confirmLeaving}>
      <TopBar />
      <div className="workspace">
        <Palette />
        <main className="centre">
          <Canvas />
          <div className="dock" data-testid="training-dock">
            <TrainingPanel />
          </div>
          <LoadErrorPanel />
          <DocumentsLayer />
          <Toast />
        </main>
        <Inspector />
      </div>
      <Dialogs />
      <DataDialog />
    </div>
  );
}

export function App() {
  return (
    <ReactFlowProvider>
      <Editor />
    </ReactFlowProvider>
  );
}
