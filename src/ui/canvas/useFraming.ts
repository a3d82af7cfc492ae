/**
 * Keeps the graph framed in the canvas: a new document is framed once its cards have their sizes,
 * and while the view is the one Kairo framed (the user has not panned or zoomed since), it is framed
 * again whenever the canvas changes size — the training panel opening or closing, the window
 * resized — so the panel never covers a card that was in view.
 */
import { type OnMoveStart, type ReactFlowState, useReactFlow, useStore as useFlowStore } from '@xyflow/react';
import { type RefObject, useCallback, useEffect, useRef } from 'react';
import { useKairo } from '../../store/index';
import { frameViewport } from './framing';

/** Whether every card lies wholly inside the canvas (the overview map is only shown when not). */
function everyNodeInView(state: ReactFlowState): boolean {
  const [x, y, zoom] = state.transform;
  for (const node of state.nodeLookup.values()) {
    const position = node.internals.positionAbsolute;
    const width = node.measured.width ?? 0;
    const height = node.measured.height ?? 0;
    const left = position.x * zoom + x;
    const top = position.y * zoom + y;
    if (left < 0 || top < 0 || left + width * zoom > state.width || top + height * zoom > state.height) return false;
  }
  return true;
}

export interface Framing {
  /** Frames the whole graph now (F, the fit button, after a tidy-up). */
  frame(duration?: number): void;
  onMoveStart: OnMoveStart;
  allInView: boolean;
}

/**
 * `measured` changes whenever React Flow reports new card sizes: a new document is framed only once
 * every one of its cards has been measured (a preset whose ids match the last one's would otherwise
 * be framed with some cards still sizeless).
 */
export function useFraming(sectionRef: RefObject<HTMLElement | null>, measured: number): Framing {
  const flow = useReactFlow();
  const graphEpoch = useKairo((state) => state.graphEpoch);
  const allInView = useFlowStore(everyNodeInView);
  const framedEpoch = useRef(-1);
  /** True while the view is the one Kairo framed; a pan or zoom by the user ends it. */
  const following = useRef(true);

  const frame = useCallback(
    (duration = 0) => {
      const section = sectionRef.current;
      const nodes = flow.getNodes();
      following.current = true;
      if (section) section.dataset.follow = 'true';
      if (nodes.length === 0) {
        void flow.setViewport({ x: 40, y: 40, zoom: 1 }, { duration });
        return;
      }
      const box = section?.getBoundingClientRect();
      if (!box || box.width === 0 || box.height === 0) return;
      void flow.setViewport(frameViewport(flow.getNodesBounds(nodes), box), { duration });
    },
    [flow, sectionRef],
  );

  // A new document (open, preset, link, New) is framed once its cards have their sizes.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `measured` marks new card sizes in React Flow's store.
  useEffect(() => {
    if (framedEpoch.current === graphEpoch) return;
    const nodes = flow.getNodes();
    const box = sectionRef.current?.getBoundingClientRect();
    const sized = nodes.every((node) => {
      const internal = flow.getInternalNode(node.id);
      return (internal?.measured.width ?? 0) > 0 && (internal?.measured.height ?? 0) > 0;
    });
    if (nodes.length > 0 && (!sized || !box || box.width === 0)) return;
    framedEpoch.current = graphEpoch;
    frame();
  }, [flow, frame, graphEpoch, measured, sectionRef]);

  // The canvas changed size (panel, window): frame again while the view is still Kairo's.
  useEffect(() => {
    const section = sectionRef.current;
    if (!section) return;
    let last = { width: section.clientWidth, height: section.clientHeight };
    const observer = new ResizeObserver(() => {
      const size = { width: section.clientWidth, height: section.clientHeight };
      if (size.width === last.width && size.height === last.height) return;
      last = size;
      if (following.current && framedEpoch.current === graphEpoch) frame();
    });
    observer.observe(section);
    return () => observer.disconnect();
  }, [frame, graphEpoch, sectionRef]);

  const onMoveStart: OnMoveStart = useCallback(
    (event) => {
      // Programmatic moves (our own framing) come without an event.
      if (!event) return;
      following.current = false;
      if (sectionRef.current) sectionRef.current.dataset.follow = 'false';
    },
    [sectionRef],
  );

  return { frame, onMoveStart, allInView };
}
