/**
 * Drawing wires, by mouse or keyboard: which ports a port may be wired to, the best port on a node a
 * wire was dropped on, and connecting with a word to the user — a refusal says why, and a wire that
 * takes the place of another one says so (Undo brings the old one back).
 */
import { getNodeDefinition } from '../../../nodes/index';
import type { PortSpec } from '../../../nodes/types';
import { edgeIntoPort } from '../../graph/edits';
import type { Graph } from '../../graph/types';
import { type Language, localized, translate } from '../../i18n/index';
import { renderIssue } from '../../i18n/renderIssue';
import { type ConnectRequest, kairoStore } from '../../store/index';

/** One end of a wire: a port of a node, on its input or its output side. */
export interface PortRef {
  nodeId: string;
  port: string;
  side: 'in' | 'out';
}

/** A port the wire could go to, with the wire it would make. */
export interface PortChoice {
  target: PortRef;
  request: ConnectRequest;
  /** The node whose wire into this input would be replaced. */
  replaces?: string;
}

function portsOf(type: string, side: 'in' | 'out'): readonly PortSpec[] {
  const definition = getNodeDefinition(type);
  if (!definition) return [];
  return side === 'in' ? definition.inputs : definition.outputs;
}

function requestBetween(from: PortRef, to: PortRef): ConnectRequest {
  const [output, input] = from.side === 'out' ? [from, to] : [to, from];
  return { source: output.nodeId, sourcePort: output.port, target: input.nodeId, targetPort: input.port };
}

/** The choice of wiring `from` to one port of `nodeId`, or undefined when that wire is refused. */
function choiceOn(graph: Graph, from: PortRef, nodeId: string, port: string): PortChoice | undefined {
  const target: PortRef = { nodeId, port, side: from.side === 'out' ? 'in' : 'out' };
  const request = requestBetween(from, target);
  if (!kairoStore.getState().checkConnection(request).ok) return undefined;
  const existing = edgeIntoPort(graph, request.target, request.targetPort);
  if (existing && existing.source === request.source && existing.sourcePort === request.sourcePort) return undefined;
  return existing ? { target, request, replaces: existing.source } : { target, request };
}

/**
 * Every port `from` may be wired to, free inputs before occupied ones, then in the graph's order
 * (the order of the canvas's cards).
 */
export function connectChoices(graph: Graph, from: PortRef): PortChoice[] {
  const choices: PortChoice[] = [];
  for (const node of graph.nodes) {
    if (node.id === from.nodeId) continue;
    for (const port of portsOf(node.type, from.side === 'out' ? 'in' : 'out')) {
      const choice = choiceOn(graph, from, node.id, port.name);
      if (choice) choices.push(choice);
    }
  }
  return [...choices.filter((each) => !each.replaces), ...choices.filter((each) => each.replaces)];
}

/** The port a wire dropped on a card's body goes to: its first compatible free port, else its first compatible one. */
export function bestPortOn(graph: Graph, from: PortRef, nodeId: string): PortChoice | undefined {
  const node = graph.nodes.find((each) => each.id === nodeId);
  if (!node || node.id === from.nodeId) return undefined;
  const choices = portsOf(node.type, from.side === 'out' ? 'in' : 'out').flatMap((port) => {
    const choice = choiceOn(graph, from, node.id, port.name);
    return choice ? [choice] : [];
  });
  return choices.find((choice) => !choice.replaces) ?? choices[0];
}

/** "Dense dense-1 · Input" in the current language. */
export function describePort(graph: Graph, ref: PortRef, language: Language = kairoStore.getState().language): string {
  const node = graph.nodes.find((each) => each.id === ref.nodeId);
  const definition = node ? getNodeDefinition(node.type) : undefined;
  const port = definition ? (ref.side === 'in' ? definition.inputs : definition.outputs).find((each) => each.name === ref.port) : undefined;
  const title = definition ? localized(definition.title, language) : (node?.type ?? '?');
  return `${title} ${ref.nodeId} · ${port ? localized(port.label, language) : ref.port}`;
}

/** Connects, and tells the user what happened when it is not simply a new wire. Returns whether it connected. */
export function connectAndTell(request: ConnectRequest): boolean {
  const store = kairoStore.getState();
  const t = (key: Parameters<typeof translate>[1], vars?: Parameters<typeof translate>[2]) => translate(store.language, key, vars);
  const replaced = edgeIntoPort(store.graph, request.target, request.targetPort);
  const result = store.connect(request);
  if (!result.ok) {
    store.showToast(t('status.refused', { reason: renderIssue(result, store.language) }), 'error', 'refused');
    return false;
  }
  if (replaced) {
    const input = describePort(store.graph, { nodeId: request.target, port: request.targetPort, side: 'in' });
    store.showToast(t('editor.wiring.replaced', { input, from: replaced.source }), 'info', 'replaced');
  }
  return true;
}
