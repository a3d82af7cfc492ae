/** Which port the keyboard wiring list is open for (session state of the canvas only). */
import { create } from 'zustand';
import type { PortRef } from './wiring';

export interface ConnectMenuState {
  from: PortRef | null;
  /** Where the port is on the screen, so the list opens beside it. */
  anchor: { x: number; y: number } | null;
  open(from: PortRef, element: Element): void;
  close(): void;
}

export const useConnectMenu = create<ConnectMenuState>()((set) => ({
  from: null,
  anchor: null,
  open(from, element) {
    const box = element.getBoundingClientRect();
    set({ from, anchor: { x: from.side === 'out' ? box.right : box.left, y: box.top + box.height / 2 } });
  },
  close() {
    set({ from: null, anchor: null });
  },
}));

/** The handle element of a port (focus goes back to it when the list closes). */
export function handleElement(ref: PortRef): HTMLElement | null {
  return document.querySelector<HTMLElement>(`[data-testid="handle-${CSS.escape(ref.nodeId)}-${CSS.escape(ref.port)}"]`);
}
