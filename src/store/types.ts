import type { GraphSlice } from './graphSlice';
import type { InsideSlice } from './insideSlice';
import type { RunSlice } from './runSlice';
import type { RunsSlice } from './runsSlice';
import type { UiSlice } from './uiSlice';

/** The whole editor store: document (graph), session (ui), training (run), inside views, run history. */
export type KairoState = GraphSlice & UiSlice & RunSlice & InsideSlice & RunsSlice;
