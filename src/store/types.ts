import type { DocumentsSlice } from './documentsSlice';
import type { DataSlice } from './dataSlice';
import type { GraphSlice } from './graphSlice';
import type { InsideSlice } from './insideSlice';
import type { ModelSlice } from './modelSlice';
import type { RunSlice } from './runSlice';
import type { RunsSlice } from './runsSlice';
import type { StopSlice } from './stopSlice';
import type { UiSlice } from './uiSlice';

/** The whole editor store: document (graph), session (ui), training (run), documents, forced stop, data, the trained model, inside views, run history. */
export type KairoState = GraphSlice &
  UiSlice &
  RunSlice &
  DocumentsSlice &
  StopSlice &
  DataSlice &
  ModelSlice &
  InsideSlice &
  RunsSlice;
