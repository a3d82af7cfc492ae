import type { GraphSlice } from './graphSlice';
import type { ModelSlice } from './modelSlice';
import type { RunSlice } from './runSlice';
import type { UiSlice } from './uiSlice';

/** The whole editor store: document (graph), session (ui), training (run), the trained model (model). */
export type KairoState = GraphSlice & UiSlice & RunSlice & ModelSlice;
