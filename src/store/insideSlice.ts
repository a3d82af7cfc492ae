/**
 * Session state of the inside views: which input the model is looked at with (a test sample, the
 * digit drawn on the pad, or an own image), and whether the canvas colours its wires by gradient size. Never
 * saved in a graph file, never undone.
 */
import type { StateCreator } from 'zustand';
import type { KairoState } from './types';

/** The input the inside views and the step mode run the model on. */
export type InsideInput =
  | { kind: 'test'; index: number }
  /**
   * Any sample of the model's input shape, as the data stores its values: the drawing pad's
   * prepared digit ('drawing'), or an image of the user's own ('image').
   */
  | { kind: 'sample'; values: Float32Array; origin: 'drawing' | 'image' };

export interface InsideSlice {
  insideInput: InsideInput;
  /** Colour the canvas's wires by the gradient size of the layer they come from. */
  edgeGradients: boolean;
  setInsideInput(input: InsideInput): void;
  setEdgeGradients(on: boolean): void;
}

export const createInsideSlice: StateCreator<KairoState, [], [], InsideSlice> = (set) => ({
  insideInput: { kind: 'test', index: 0 },
  edgeGradients: false,
  setInsideInput(input) {
    set({ insideInput: input });
  },
  setEdgeGradients(on) {
    set({ edgeGradients: on });
  },
});
