/** The editor's layout: top bar; palette | canvas (+ training dock) | inspector; dialogs on top. */
import { ReactFlowProvider } from '@xyflow/react';
import { useEffect } from 'react';
import { useKairo } from '../store/index';
import { Canvas } from './canvas/Canvas';
import { DocumentsLayer } from './documents/DocumentsLayer';
import { Dialogs } from './chrome/Dialogs';
import { DataDialog } from './data/DataDialog';
import { LoadErrorPanel, Toast } from './chrome/Notices';
import { TopBar } from './chrome/TopBar';
import { Inspector } from './inspector/Inspector';
import { Palette } from './palette/Palette';
import { TrainingPanel } from './training/TrainingPanel';
import { useShortcuts } from './useShortcuts';

function Editor() {
  useShortcuts();
  const language = useKairo((state) => state.language);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  return (
    <div className="app">
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
