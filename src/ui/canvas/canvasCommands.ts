/**
 * Canvas commands that other parts of the editor trigger (the F key, the help list, the keyboard
 * wiring list): the mounted canvas registers them; until it has, they do nothing.
 */
export interface CanvasCommands {
  /** Frames the whole graph (animated over `duration` ms). */
  frame(duration?: number): void;
  /** Lays the graph out in layers, as one undo step, and frames it. */
  tidyUp(): Promise<void>;
}

let current: CanvasCommands | null = null;

export function registerCanvasCommands(commands: CanvasCommands | null): void {
  current = commands;
}

export const canvasCommands: CanvasCommands = {
  frame: (duration) => current?.frame(duration),
  tidyUp: () => current?.tidyUp() ?? Promise.resolve(),
};
