/**
 * The React Flow canvas over the store's graph. The graph is the single source of truth: React
 * Flow's changes are turned into store actions (a whole drag is one undo step, a deletion with its
 * edges is one step), and refused connections say why.
 */
import {
  Background,
  BackgroundVariant,
  type Connection,
  ControlButton,
  Controls,
  type Edge,
  type EdgeChange,
  MiniMap,
  type NodeChange,
  type OnConnectEnd,
  ReactFlow,
  type ReactFlowState,
  useReactFlow,
  useStore as useFlowStore,
} from '@xyflow/react';
import { type DragEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { getNodeDefinition } from '../../../nodes/index';
import type { NodeCategory } from '../../../nodes/types';
import type { XY } from '../../graph/edits';
import { kairoStore, useKairo } from '../../store/index';
import { dragHasFiles, openGraphFile } from '../fileActions';
import { PALETTE_DRAG_TYPE } from '../palette/Palette';
import { nodeIndex } from '../selectors';
import { renderIssue } from '../../i18n/renderIssue';
import { useTheme } from '../theme';
import { useT } from '../useT';
import { EdgeGradientControl } from '../inside/edgeGradient';
import { registerCanvasCommands } from './canvasCommands';
import { attemptedRequest, flowAriaLabels, nodeIdAt, requestFrom, startOf } from './connectionEvents';
import { ConnectMenu } from './ConnectMenu';
import { useAccessibleNames } from './accessibleNames';
import { FlowModel } from './flowModel';
import { FRAME_PADDING, READABLE_ZOOM } from './framing';
import { KairoNode, type KairoFlowNode } from './KairoNode';
import { ShapeEdge, type ShapeFlowEdge } from './ShapeEdge';
import { openDataViewWith } from '../data/DataDialog';
import { droppedData, isDataDrop } from '../data/pickedFiles';
import { useFraming } from './useFraming';
import { bestPortOn, connectAndTell } from './wiring';

// Module-level: React Flow warns when these objects change identity between renders.
const NODE_TYPES = { kairo: KairoNode };
const EDGE_TYPES = { shape: ShapeEdge };
const DELETE_KEYS = ['Backspace', 'Delete'];
const MULTI_SELECT_KEYS = ['Shift', 'Meta', 'Control'];
const PRO_OPTIONS = { hideAttribution: false };
const MINIMAP_STYLE = { width: 168, height: 108 };
const CATEGORY_COLOURS: Record<NodeCategory, string> = {
  data: '#0e9384',
  layers: '#3657d6',
  activations: '#c2780a',
  merge: '#8b5cf6',
  training: '#d6456a',
};

function minimapColour(node: KairoFlowNode): string {
  const type = nodeIndex(kairoStore.getState().graph.nodes).get(node.id)?.type;
  const category = type === undefined ? undefined : getNodeDefinition(type)?.category;
  return category ? CATEGORY_COLOURS[category] : '#98a2b3';
}
/** Where a dropped card's top-left lands relative to the pointer (the pointer ends on its title). */
const DROP_ANCHOR: XY = { x: 90, y: 18 };

/**
 * Large graphs draw only the cards and wires in view (about half the main-thread work per frame
 * when zoomed in on a 300-node graph); the course's graphs are far below this and draw everything.
 */
const CULL_ABOVE_NODES = 120;

/** Below this zoom a card's small print is unreadable: only titles, ports and wires are drawn. */
const FAR_ZOOM = 0.45;
const isFar = (state: ReactFlowState) => state.transform[2] < FAR_ZOOM;

export function Canvas() {
  const t = useT();
  const language = useKairo((state) => state.language);
  const flow = useReactFlow<KairoFlowNode, ShapeFlowEdge>();
  const graphNodes = useKairo((state) => state.graph.nodes);
  const graphEdges = useKairo((state) => state.graph.edges);
  const selectedNodeIds = useKairo((state) => state.selectedNodeIds);
  const selectedEdgeIds = useKairo((state) => state.selectedEdgeIds);
  const modelRef = useRef<FlowModel | null>(null);
  if (modelRef.current === null) modelRef.current = new FlowModel();
  const model = modelRef.current;
  const [sizeVersion, setSizeVersion] = useState(0);
  /** Positions of the nodes being dragged; the store learns them once, when the drag ends. */
  const [moving, setMoving] = useState<ReadonlyMap<string, XY> | null>(null);
  const movingRef = useRef({ moving });
  movingRef.current.moving = moving;
  const [fileOver, setFileOver] = useState(false);
  const far = useFlowStore(isFar);
  const sectionRef = useRef<HTMLElement>(null);
  const framing = useFraming(sectionRef, sizeVersion);
  // A new document's cards are measured afresh: a card of another type under a reused id must not
  // be framed with the old card's size.
  const graphEpoch = useKairo((state) => state.graphEpoch);
  const sizedEpoch = useRef(graphEpoch);
  if (sizedEpoch.current !== graphEpoch) {
    sizedEpoch.current = graphEpoch;
    model.sizes.clear();
  }
  const names = useAccessibleNames();
  /** Set by a tidy-up: frame the graph once its new positions have reached React Flow. */
  const frameAfterMove = useRef(false);

  // biome-ignore lint/correctness/useExhaustiveDependencies: sizeVersion marks new measurements in model.sizes.
  const nodes = useMemo(
    () => model.flowNodes(graphNodes, new Set(selectedNodeIds), moving, names.nodes),
    [model, graphNodes, selectedNodeIds, sizeVersion, moving, names],
  );
  const edges = useMemo(() => {
    const types = new Map(graphNodes.map((node) => [node.id, node.type]));
    return model.flowEdges(graphEdges, types, new Set(selectedEdgeIds), names.edges);
  }, [model, graphNodes, graphEdges, selectedEdgeIds, names]);

  // React Flow has the new positions once this render's effects ran (its store updater is a child).
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the flow nodes change.
  useEffect(() => {
    if (!frameAfterMove.current) return;
    frameAfterMove.current = false;
    framing.frame(250);
  }, [nodes, framing.frame]);

  const tidyUp = useCallback(async () => {
    // Loaded on demand: the layout library stays out of the main bundle.
    const { layoutGraph } = await import('../../graph/layout');
    const state = kairoStore.getState();
    const width = (sectionRef.current?.clientWidth ?? 800) - FRAME_PADDING.left - FRAME_PADDING.right;
    const laid = layoutGraph(state.graph, { sizes: model.sizes, maxWidth: Math.max(200, width / READABLE_ZOOM) });
    if (laid === state.graph) {
      framing.frame(250);
      return;
    }
    frameAfterMove.current = true;
    state.moveNodes(new Map(laid.nodes.map((node) => [node.id, node.position])));
  }, [model, framing.frame]);

  useEffect(() => {
    registerCanvasCommands({ frame: framing.frame, tidyUp });
    return () => registerCanvasCommands(null);
  }, [framing.frame, tidyUp]);

  const onNodesChange = useCallback(
    (changes: NodeChange<KairoFlowNode>[]) => {
      const store = kairoStore.getState();
      const positions = new Map<string, XY>();
      let dragging: boolean | undefined;
      let measured = false;
      let selection: Set<string> | null = null;
      for (const change of changes) {
        if (change.type === 'position') {
          if (change.position) positions.set(change.id, change.position);
          if (change.dragging !== undefined) dragging = change.dragging;
        } else if (change.type === 'dimensions' && change.dimensions) {
          const previous = model.sizes.get(change.id);
          if (previous?.width !== change.dimensions.width || previous?.height !== change.dimensions.height) {
            model.sizes.set(change.id, { width: change.dimensions.width, height: change.dimensions.height });
            measured = true;
          }
        } else if (change.type === 'select') {
          selection ??= new Set(kairoStore.getState().selectedNodeIds);
          if (change.selected) selection.add(change.id);
          else selection.delete(change.id);
        }
        // 'remove' is handled once, with the edges, in onDelete.
      }
      if (dragging === true && positions.size > 0) {
        setMoving((previous) => new Map([...(previous ?? []), ...positions]));
      } else if (dragging === false) {
        // The drag ended: its final positions become one undo step.
        const final = movingRef.current.moving;
        const all = new Map([...(final ?? []), ...positions]);
        if (all.size > 0) store.moveNodes(all);
        setMoving(null);
      } else if (positions.size > 0) {
        // Moved without a drag (arrow keys): one step each.
        store.moveNodes(positions);
      }
      if (selection) store.setSelection([...selection], kairoStore.getState().selectedEdgeIds);
      if (measured) setSizeVersion((version) => version + 1);
    },
    [model],
  );

  const onEdgesChange = useCallback((changes: EdgeChange<ShapeFlowEdge>[]) => {
    let selection: Set<string> | null = null;
    for (const change of changes) {
      if (change.type !== 'select') continue;
      selection ??= new Set(kairoStore.getState().selectedEdgeIds);
      if (change.selected) selection.add(change.id);
      else selection.delete(change.id);
    }
    if (selection) {
      const state = kairoStore.getState();
      state.setSelection(state.selectedNodeIds, [...selection]);
    }
  }, []);

  const onDelete = useCallback(({ nodes, edges }: { nodes: KairoFlowNode[]; edges: ShapeFlowEdge[] }) => {
    kairoStore.getState().deleteElements(
      nodes.map((node) => node.id),
      edges.map((edge) => edge.id),
    );
  }, []);

  const isValidConnection = useCallback((connection: Connection | Edge) => {
    const request = requestFrom(connection);
    return request !== null && kairoStore.getState().checkConnection(request).ok;
  }, []);

  const onConnect = useCallback((connection: Connection) => {
    const request = requestFrom(connection);
    if (request) connectAndTell(request);
  }, []);

  const onConnectEnd: OnConnectEnd = useCallback(
    (event, state) => {
      const store = kairoStore.getState();
      if (state.isValid === null && !state.toHandle) {
        // Dropped away from any port: on a card's body, the wire goes to its first port that fits.
        const from = startOf(state);
        const nodeId = nodeIdAt(event);
        if (!from || nodeId === undefined || nodeId === from.nodeId) return;
        const choice = bestPortOn(store.graph, from, nodeId);
        if (choice) connectAndTell(choice.request);
        else store.showToast(t('status.refused', { reason: t('editor.wiring.noPort', { node: nodeId }) }), 'error', 'refused');
        return;
      }
      if (state.isValid !== false) return;
      const request = attemptedRequest(state);
      if (request === 'same-side') {
        store.showToast(t('status.refused', { reason: t('status.sameSide') }), 'error', 'refused');
        return;
      }
      if (!request) return;
      const result = store.checkConnection(request);
      if (!result.ok) store.showToast(t('status.refused', { reason: renderIssue(result, store.language) }), 'error', 'refused');
    },
    [t],
  );

  const onDragOver = useCallback((event: DragEvent) => {
    const types = Array.from(event.dataTransfer.types);
    if (types.includes(PALETTE_DRAG_TYPE)) {
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
    } else if (dragHasFiles(event)) {
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
      setFileOver(true);
    }
  }, []);

  const onDragLeave = useCallback((event: DragEvent) => {
    // Leaving for a child element is not leaving the canvas.
    if (event.currentTarget.contains(event.relatedTarget as globalThis.Node | null)) return;
    setFileOver(false);
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      setFileOver(false);
      const type = event.dataTransfer.getData(PALETTE_DRAG_TYPE);
      if (type) {
        event.preventDefault();
        const point = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
        kairoStore.getState().addNodeOfType(type, { x: point.x - DROP_ANCHOR.x, y: point.y - DROP_ANCHOR.y });
        return;
      }
      if (isDataDrop(event.dataTransfer)) {
        // A folder of images, a zip or a table: the data view imports it (read now, while the drop lasts).
        event.preventDefault();
        void droppedData(event.dataTransfer).then(openDataViewWith);
        return;
      }
      const file = event.dataTransfer.files[0];
      if (file) {
        event.preventDefault();
        void openGraphFile(file);
      }
    },
    [flow],
  );

  const ariaLabels = useMemo(() => flowAriaLabels(language), [language]);
  const theme = useTheme((state) => state.theme);

  return (
    <section
      ref={sectionRef}
      className={`canvas${fileOver ? ' is-file-over' : ''}${far ? ' is-far' : ''}`}
      data-testid="canvas"
      data-follow="true"
      aria-label={t('canvas.label')}
      onDragOver={onDragOver}
      onDragLeave={onDragLeave}
      onDrop={onDrop}
    >
      <ReactFlow<KairoFlowNode, ShapeFlowEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        edgeTypes={EDGE_TYPES}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onDelete={onDelete}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        onMoveStart={framing.onMoveStart}
        isValidConnection={isValidConnection}
        deleteKeyCode={DELETE_KEYS}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={MULTI_SELECT_KEYS}
        minZoom={0.1}
        maxZoom={2}
        proOptions={PRO_OPTIONS}
        connectionRadius={28}
        ariaLabelConfig={ariaLabels}
        colorMode={theme}
        onlyRenderVisibleElements={graphNodes.length > CULL_ABOVE_NODES}
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} />
        {graphNodes.length > 0 && !framing.allInView ? (
          // Only while part of the graph is out of view: then it shows where the rest is.
          <MiniMap
            pannable
            zoomable
            className="minimap"
            style={MINIMAP_STYLE}
            nodeColor={minimapColour}
            nodeBorderRadius={4}
            ariaLabel={t('canvas.minimap')}
          />
        ) : null}
        <Controls showInteractive={false} onFitView={() => framing.frame(250)}>
          <ControlButton
            onClick={() => void tidyUp()}
            className="canvas-tidy"
            title={`${t('editor.canvas.tidy')} (L)`}
            aria-label={t('editor.canvas.tidy')}
            disabled={graphNodes.length === 0}
            data-testid="canvas-tidy"
          >
            <svg viewBox="0 0 16 16" aria-hidden="true">
              <rect x="1.5" y="2" width="4" height="3" rx="0.8" />
              <rect x="10.5" y="2" width="4" height="3" rx="0.8" />
              <rect x="1.5" y="11" width="4" height="3" rx="0.8" />
              <rect x="10.5" y="11" width="4" height="3" rx="0.8" />
              <path d="M5.5 3.5h5M12.5 5v6" />
            </svg>
          </ControlButton>
        </Controls>
        <EdgeGradientControl />
      </ReactFlow>
      <ConnectMenu />
      {graphNodes.length === 0 ? (
        <div className="canvas-empty" data-testid="canvas-empty">
          <p>{t('canvas.empty')}</p>
          <button type="button" className="btn" onClick={() => kairoStore.getState().openDialog('presets')}>
            {t('canvas.emptyExamples')}
          </button>
        </div>
      ) : null}
      {fileOver ? <div className="canvas-drop">{t('canvas.dropFile')}</div> : null}
    </section>
  );
}
