/** An edge labelled with the shape of the tensor it carries (per sample, batch left out). */
import { BaseEdge, type Edge, EdgeLabelRenderer, type EdgeProps, getBezierPath, useInternalNode } from '@xyflow/react';
import { memo } from 'react';
import type { PortKind } from '../../../nodes/types';
import { selectAnalysis, useKairo } from '../../store/index';
import { useEdgeGradientStyle } from '../inside/edgeGradient';
import { shapeLabel } from '../shapeText';
import { useT } from '../useT';
import { runsBackwards, wrapPath } from './wirePath';

/** How far below (or above) the card it leaves a backwards wire runs. */
const GAP_OFFSET = 20;

/** Shortest wire (in canvas units, 1 = one pixel at 100 % zoom) that gets a shape label. */
const MIN_LABELLED_LENGTH = 96;

export type ShapeFlowEdge = Edge<{ kind: PortKind }, 'shape'>;

function ShapeEdgeImpl({
  id,
  source,
  target,
  sourceX,
  sourceY,
  targetX,
  targetY,
  sourcePosition,
  targetPosition,
  selected,
  data,
}: EdgeProps<ShapeFlowEdge>) {
  const t = useT();
  const shape = useKairo((state) => selectAnalysis(state).edges[id]);
  const gradientStyle = useEdgeGradientStyle(id);
  const sourceNode = useInternalNode(source);
  const targetNode = useInternalNode(target);
  const backwards = runsBackwards(sourceX, targetX);
  let path: string;
  let labelX: number;
  let labelY: number;
  if (backwards && sourceNode && targetNode) {
    const sourceTop = sourceNode.internals.positionAbsolute.y;
    const sourceBottom = sourceTop + (sourceNode.measured.height ?? 0);
    const targetTop = targetNode.internals.positionAbsolute.y;
    // Below the card it leaves when the input is further down, above it otherwise.
    const gapY = targetTop >= sourceBottom || targetY > sourceY ? sourceBottom + GAP_OFFSET : sourceTop - GAP_OFFSET;
    ({ path, labelX, labelY } = wrapPath(sourceX, sourceY, targetX, targetY, gapY));
  } else {
    [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  }
  const kind = data?.kind ?? 'tensor';
  const text = shapeLabel(shape);
  // Between cards set close together the label would sit under the cards; the source card shows
  // the same shape right beside the wire there.
  const roomy = Math.hypot(targetX - sourceX, targetY - sourceY) >= MIN_LABELLED_LENGTH;
  return (
    <>
      <BaseEdge id={id} path={path} className={`ke-path kind-${kind}${selected ? ' is-selected' : ''}`} style={gradientStyle} />
      {text !== undefined && roomy ? (
        <EdgeLabelRenderer>
          <div
            className={`ke-label kind-${kind}${selected ? ' is-selected' : ''}`}
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
            data-testid={`edge-label-${id}`}
          >
            {text === '' ? t('shape.scalar') : text}
          </div>
        </EdgeLabelRenderer>
      ) : null}
    </>
  );
}

export const ShapeEdge = memo(ShapeEdgeImpl);
