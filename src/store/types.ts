import type { DocumentsSlice } from './documentsSlice';
import type { DataSlice } from './dataSlice';
import type { GraphSlice } from './graphSlice';
import type { RunSlice } from './runSlice';
import type { StopSlice } from './stopSlice';
import type { UiSlice } from './uiSlice';

/** The whole editor store: document (graph), session (ui), training (run). */
export type KairoState = GraphSlice & UiSlice & RunSlice & DocumentsSlice & StopSlice & DataSlice;
