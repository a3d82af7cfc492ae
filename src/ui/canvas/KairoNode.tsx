/**
 * The one card every node type is drawn with, from its definition: title, key params, ports
 * (coloured by kind), output shapes, parameter count and problems.
 */
import { Handle, type Node, type NodeProps, Position } from '@xyflow/react';
import { memo, type ReactNode } from 'react';
import { getNodeDefinition } from '../../../nodes/index';
import type { NodeDefinition, NodePreview, ParamSpecs, ParamValues, PortSpec } from '../../../nodes/types';
import type { Issue } from '../../graph/issues';
import type { Shape } from '../../graph/types';
import { formatCount, localized } from '../../i18n/index';
import { renderIssue } from '../../i18n/renderIssue';
import { selectAnalysis, useKairo } from '../../store/index';
import { ActivationCurve } from '../ActivationCurve';
import { DatasetNodeData } from '../data/DatasetNodeData';
import { issuesOfNode, nodeIndex } from '../selectors';
import { shapeLabel } from '../shapeText';
import { useT } from '../useT';
import { nodesWithDrafts, useParamDrafts } from '../inspector/drafts';
import { useConnectMenu } from './connectMenuState';

export type KairoFlowNode = Node<Record<string, never>, 'kairo'>;

// The card reads the params of the graph as drawn; the analysis checks them, the card only decorates.
function summaryOf(definition: NodeDefinition<ParamSpecs>, params: Record<string, unknown>): string {
  if (!definition.summary) return '';
  try {
    return definition.summary(params as ParamValues<ParamSpecs>);
  } catch {
    // A summary is decoration; params that a half-finished edit left odd must not break the card.
    return '';
  }
}

/** The text with a soft break before each capital that follows a small letter ("categorical|Crossentropy"). */
function withWordBreaks(text: string): ReactNode[] {
  const parts: ReactNode[] = [];
  let offset = 0;
  for (const part of text.split(/(?<=[a-z])(?=[A-Z])/)) {
    if (offset > 0) parts.push(<wbr key={offset} />);
    parts.push(part);
    offset += part.length;
  }
  return parts;
}

function previewOf(definition: NodeDefinition<ParamSpecs>, params: Record<string, unknown>): NodePreview | undefined {
  try {
    return definition.preview?.(params as ParamValues<ParamSpecs>);
  } catch {
    return undefined;
  }
}

function ProblemBadge({ issues, severity }: { issues: Issue[]; severity: 'error' | 'warning' }) {
  const t = useT();
  const language = useKairo((state) => state.language);
  const list = issues.filter((issue) => issue.severity === severity);
  if (list.length === 0) return null;
  const text = list.map((issue) => renderIssue(issue, language)).join('\n');
  const label = `${t(severity === 'error' ? 'node.problem.error' : 'node.problem.warning')}: ${text}`;
  return (
    // A button so keyboard users reach the message too (shown by CSS on focus); hover shows the title.
    <button
      type="button"
      className={`kn-badge kn-badge--${severity}`}
      title={text}
      aria-label={label}
      data-testid={`node-${severity}`}
    >
      {severity === 'error' ? '!' : '⚠'}
      {list.length > 1 ? <span className="kn-badge-count">{list.length}</span> : null}
      <span className="kn-tip" aria-hidden="true">
        {text}
      </span>
    </button>
  );
}

/**
 * A port: drag from it to wire, or focus it and press Enter for the list of ports it fits. `nokey`
 * keeps React Flow's node keys (select, move) from acting on a port's keys.
 */
function PortHandle({ nodeId, title, port, side }: { nodeId: string; title: string; port: PortSpec; side: 'in' | 'out' }) {
  const t = useT();
  const language = useKairo((state) => state.language);
  const label = localized(port.label, language);
  const kind = t(`kind.${port.kind}`);
  return (
    <Handle
      type={side === 'in' ? 'target' : 'source'}
      position={side === 'in' ? Position.Left : Position.Right}
      id={port.name}
      className={`kn-handle kind-${port.kind} nokey`}
      data-testid={`handle-${nodeId}-${port.name}`}
      title={`${label} (${kind})`}
      tabIndex={0}
      role="button"
      aria-haspopup="dialog"
      aria-label={t(side === 'in' ? 'editor.port.input' : 'editor.port.output', { port: label, kind, node: `${title} ${nodeId}` })}
      onKeyDown={(event) => {
        if (event.key !== 'Enter' && event.key !== ' ') return;
        event.preventDefault();
        event.stopPropagation();
        useConnectMenu.getState().open({ nodeId, port: port.name, side }, event.currentTarget);
      }}
    />
  );
}

function OutputShape({ nodeId, port, shape }: { nodeId: string; port: string; shape: Shape | undefined }) {
  const t = useT();
  const text = shapeLabel(shape);
  return (
    <span className="kn-shape" data-testid={`shape-${nodeId}-${port}`} aria-hidden="true">
      {text === undefined ? '—' : text === '' ? t('shape.scalar') : text}
    </span>
  );
}

function KairoNodeCard({ id, selected }: NodeProps<KairoFlowNode>) {
  const t = useT();
  const language = useKairo((state) => state.language);
  // Narrow selectors: a drag changes the node's position, not its type or params, so no re-render.
  const type = useKairo((state) => nodeIndex(state.graph.nodes).get(id)?.type);
  const params = useKairo((state) => nodeIndex(state.graph.nodes).get(id)?.params);
  const info = useKairo((state) => selectAnalysis(state).nodes[id]);
  const issues = useKairo((state) => issuesOfNode(selectAnalysis(state), id));
  const hasDraft = useParamDrafts((state) => nodesWithDrafts(state.drafts).has(id));

  const definition = type === undefined ? undefined : getNodeDefinition(type);
  if (!definition || !params) return <div className="kn kn--unknown">{type}</div>;

  const summary = summaryOf(definition, params);
  const preview = previewOf(definition, params);
  const title = localized(definition.title, language);
  const input = definition.inputs[0];
  const output = definition.outputs[0];
  const compact = definition.inputs.length <= 1 && definition.outputs.length <= 1;
  const count = info?.params;
  const hasError = issues.some((issue) => issue.severity === 'error');
  const countText =
    definition.role !== 'layer'
      ? null
      : count === undefined
        ? '—'
        : count === 0
          ? t('node.noParams')
          : t('node.params', { count: formatCount(count, language) });

  // The card's name for assistive technology is set on React Flow's node element (accessibleNames.ts);
  // the small print it summarises is hidden from it here, ports and problem badges are not.
  return (
    <div
      className={`kn kn--${definition.category}${selected ? ' is-selected' : ''}${hasError ? ' has-error' : ''}`}
      data-testid={`node-${id}`}
      data-node-type={definition.type}
    >
      <div className="kn-head">
        <span className="kn-title" aria-hidden="true">
          {title}
        </span>
        <span className="kn-badges">
          {hasDraft ? (
            <span className="kn-badge kn-badge--draft" role="img" aria-label={t('editor.param.draftBadge')} title={t('editor.param.draftBadge')} data-testid="node-draft">
              ✎
            </span>
          ) : null}
          <ProblemBadge issues={issues} severity="error" />
          <ProblemBadge issues={issues} severity="warning" />
        </span>
      </div>
      {summary ? (
        <div className="kn-summary" data-testid="node-summary" aria-hidden="true">
          {withWordBreaks(summary)}
        </div>
      ) : null}
      {preview?.kind === 'activationCurve' ? <ActivationCurve fn={preview.fn} alpha={preview.alpha} /> : null}
      {preview?.kind === 'data' ? <DatasetNodeData nodeId={id} /> : null}
      {compact ? (
        // One input, one output: a single row with the parameter count and the output shape; the
        // port names ("Input", "Output") would add nothing.
        <div className="kn-ports kn-ports--compact">
          <div className="kn-port kn-port--through">
            {input ? <PortHandle nodeId={id} title={title} port={input} side="in" /> : null}
            {countText !== null ? (
              <span className="kn-count" data-testid="node-params" aria-hidden="true">
                {countText}
              </span>
            ) : null}
            {output ? (
              <OutputShape nodeId={id} port={output.name} shape={info?.outputs[output.name]} />
            ) : input ? (
              <span className="kn-port-label" aria-hidden="true">
                {localized(input.label, language)}
              </span>
            ) : null}
            {output ? <PortHandle nodeId={id} title={title} port={output} side="out" /> : null}
          </div>
        </div>
      ) : (
        <>
          <div className={`kn-ports${definition.inputs.length === 0 ? ' kn-ports--sources' : ''}`}>
            <div className="kn-inputs">
              {definition.inputs.map((port) => (
                <div key={port.name} className="kn-port kn-port--in">
                  <PortHandle nodeId={id} title={title} port={port} side="in" />
                  <span className={`kn-port-label${port.optional ? ' is-optional' : ''}`} aria-hidden="true">
                    {localized(port.label, language)}
                  </span>
                </div>
              ))}
            </div>
            <div className="kn-outputs">
              {definition.outputs.map((port) => (
                <div key={port.name} className="kn-port kn-port--out">
                  <span className="kn-port-label" aria-hidden="true">
                    {localized(port.label, language)}
                  </span>
                  <OutputShape nodeId={id} port={port.name} shape={info?.outputs[port.name]} />
                  <PortHandle nodeId={id} title={title} port={port} side="out" />
                </div>
              ))}
            </div>
          </div>
          {countText !== null ? (
            <div className="kn-foot" data-testid="node-params" aria-hidden="true">
              {countText}
            </div>
          ) : null}
        </>
      )}
    </div>
  );
}

export const KairoNode = memo(KairoNodeCard);
