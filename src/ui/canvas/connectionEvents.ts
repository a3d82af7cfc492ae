/**
 * What React Flow's connection events mean for Kairo: the wire a drag asked for, the port it started
 * from, the card it was dropped on; and React Flow's own labels for assistive technology.
 */
import type { Connection, Edge, FinalConnectionState } from '@xyflow/react';
import { type DictionaryKey, type Language, translate } from '../../i18n/index';
import type { ConnectRequest } from '../../store/index';
import type { PortRef } from './wiring';

export function requestFrom(connection: Connection | Edge): ConnectRequest | null {
  if (!connection.sourceHandle || !connection.targetHandle) return null;
  return {
    source: connection.source,
    sourcePort: connection.sourceHandle,
    target: connection.target,
    targetPort: connection.targetHandle,
  };
}

/** The port a connection attempt started from. */
export function startOf(state: FinalConnectionState): PortRef | null {
  const from = state.fromHandle;
  if (!from?.id) return null;
  return { nodeId: from.nodeId, port: from.id, side: from.type === 'source' ? 'out' : 'in' };
}

/** The node card under a point of the page (a wire dropped on a card's body). */
export function nodeIdAt(event: MouseEvent | TouchEvent): string | undefined {
  const point = 'changedTouches' in event ? event.changedTouches[0] : event;
  if (!point) return undefined;
  for (const element of document.elementsFromPoint(point.clientX, point.clientY)) {
    const card = element.closest<HTMLElement>('.react-flow__node');
    if (card?.dataset.id) return card.dataset.id;
  }
  return undefined;
}

/** React Flow's own labels for assistive technology, in the editor's language. */
export function flowAriaLabels(language: Language) {
  const t = (key: DictionaryKey) => translate(language, key);
  return {
    'node.a11yDescription.default': t('editor.a11y.node'),
    'node.a11yDescription.keyboardDisabled': t('editor.a11y.node'),
    'node.a11yDescription.ariaLiveMessage': ({ direction, x, y }: { direction: string; x: number; y: number }) =>
      translate(language, 'editor.a11y.moved', { direction, x, y }),
    'edge.a11yDescription.default': t('editor.a11y.edge'),
    'controls.ariaLabel': t('editor.a11y.controls'),
    'controls.zoomIn.ariaLabel': t('editor.a11y.zoomIn'),
    'controls.zoomOut.ariaLabel': t('editor.a11y.zoomOut'),
    'controls.fitView.ariaLabel': t('canvas.fitView'),
    'controls.interactive.ariaLabel': t('editor.a11y.interactive'),
    'minimap.ariaLabel': t('canvas.minimap'),
    'handle.ariaLabel': t('editor.a11y.handle'),
  };
}

/** The wire a finished (failed) connection attempt meant, oriented output → input. */
export function attemptedRequest(state: FinalConnectionState): ConnectRequest | 'same-side' | null {
  const from = state.fromHandle;
  const to = state.toHandle;
  if (!from || !to || !from.id || !to.id) return null;
  if (from.type === to.type) return 'same-side';
  const [output, input] = from.type === 'source' ? [from, to] : [to, from];
  return { source: output.nodeId, sourcePort: output.id ?? '', target: input.nodeId, targetPort: input.id ?? '' };
}
