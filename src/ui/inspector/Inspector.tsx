/** The right panel: the selected node's settings, shapes and problems; the graph's when none is selected. */
import { useMemo } from 'react';
import { getNodeDefinition } from '../../../nodes/index';
import { formatCount, localized } from '../../i18n/index';
import { kairoStore, selectAnalysis, useKairo } from '../../store/index';
import { InsideSection } from '../inside/InsideSection';
import { ProblemList } from '../ProblemList';
import { issuesOfNode, nodeIndex, parameterTotal } from '../selectors';
import { shapeLabel } from '../shapeText';
import { useT } from '../useT';
import { GraphMetaFields } from './GraphMetaFields';
import { ParamField } from './ParamField';
import { isParamVisible } from './paramText';
import { labelMatchFix } from './quickFixes';

/** "Match the labels": offered on the layer that feeds the loss, and on the loss. */
function LabelMatchButton({ nodeId }: { nodeId: string }) {
  const t = useT();
  const graph = useKairo((state) => state.graph);
  const analysis = useKairo(selectAnalysis);
  // Computed from the two (a selector returning a fresh object would re-render without end).
  const fix = useMemo(() => labelMatchFix(graph, analysis, nodeId), [graph, analysis, nodeId]);
  if (!fix) return null;
  return (
    <section className="inspector-section quick-fix" data-testid="quick-fix">
      <p className="muted small">{t('editor.fix.why', { node: fix.nodeId })}</p>
      <button
        type="button"
        className="btn btn--primary"
        onClick={() => kairoStore.getState().setParams(fix.nodeId, { units: fix.units, activation: fix.activation })}
        data-testid="fix-match-labels"
      >
        {t('editor.fix.matchLabels', { units: fix.units, activation: fix.activation })}
      </button>
    </section>
  );
}

function NodeInspector({ nodeId }: { nodeId: string }) {
  const t = useT();
  const language = useKairo((state) => state.language);
  const node = useKairo((state) => nodeIndex(state.graph.nodes).get(nodeId));
  const info = useKairo((state) => selectAnalysis(state).nodes[nodeId]);
  const issues = useKairo((state) => issuesOfNode(selectAnalysis(state), nodeId));
  const definition = node ? getNodeDefinition(node.type) : undefined;
  if (!node || !definition) return null;

  const visible = Object.entries(definition.params).filter(([, spec]) => isParamVisible(spec, node.params));
  return (
    <div className="inspector-body" data-testid="inspector-node">
      <div className={`inspector-title cat-${definition.category}`}>
        <span className="palette-chip" aria-hidden="true" />
        <h3>{localized(definition.title, language)}</h3>
        <code className="inspector-id" title={t('inspector.id')}>
          {node.id}
        </code>
      </div>
      <p className="inspector-description">{localized(definition.description, language)}</p>

      <dl className="facts">
        {definition.outputs.map((port) => {
          const text = shapeLabel(info?.outputs[port.name]);
          return (
            <div key={port.name} className="fact">
              <dt>
                {t('inspector.outputs')}
                {definition.outputs.length > 1 ? ` · ${localized(port.label, language)}` : ''}
              </dt>
              <dd data-testid={`inspector-shape-${port.name}`}>
                {text === undefined ? '—' : text === '' ? t('shape.scalar') : text}
              </dd>
            </div>
          );
        })}
        {definition.role === 'layer' ? (
          <div className="fact">
            <dt>{t('inspector.parameters')}</dt>
            <dd data-testid="inspector-params">{info ? formatCount(info.params, language) : '—'}</dd>
          </div>
        ) : null}
      </dl>

      {issues.length > 0 ? (
        <section className="inspector-section">
          <h4>{t('inspector.problems')}</h4>
          <ProblemList issues={issues} testId="inspector-issues" />
        </section>
      ) : null}

      <LabelMatchButton nodeId={node.id} />

      <section className="inspector-section">
        <h4>{t('inspector.settings')}</h4>
        {visible.length === 0 ? <p className="muted">{t('inspector.noSettings')}</p> : null}
        {visible.map(([name, spec]) => (
          // Keyed by node too: switching nodes starts every field from the new node's value.
          <ParamField key={`${node.id}:${name}`} nodeId={node.id} name={name} spec={spec} value={node.params[name]} />
        ))}
      </section>

      <InsideSection nodeId={node.id} />

      <div className="inspector-actions">
        <button type="button" className="btn" onClick={() => kairoStore.getState().duplicateSelection()}>
          {t('inspector.duplicate')}
        </button>
        <button
          type="button"
          className="btn btn--danger"
          onClick={() => kairoStore.getState().deleteElements([node.id], [])}
          data-testid="inspector-delete"
        >
          {t('inspector.delete')}
        </button>
      </div>
    </div>
  );
}

function GraphInspector() {
  const t = useT();
  const language = useKairo((state) => state.language);
  const total = useKairo((state) => parameterTotal(selectAnalysis(state), state.graph.nodes));
  const graphIssues = useKairo((state) => selectAnalysis(state).issues);
  const general = graphIssues.filter((issue) => issue.nodeId === undefined);
  return (
    <div className="inspector-body" data-testid="inspector-graph">
      <p className="muted">{t('inspector.empty')}</p>
      <section className="inspector-section">
        <h4>{t('inspector.graph')}</h4>
        <GraphMetaFields />
        <dl className="facts">
          <div className="fact">
            <dt>{t('inspector.parameters')}</dt>
            <dd data-complete={total.complete}>{total.complete ? formatCount(total.total, language) : '—'}</dd>
          </div>
        </dl>
      </section>
      {general.length > 0 ? (
        <section className="inspector-section">
          <h4>{t('inspector.problems')}</h4>
          <ProblemList issues={general} testId="graph-issues" />
        </section>
      ) : null}
      <p className="muted small">{t('inspector.perSample')}</p>
    </div>
  );
}

export function Inspector() {
  const t = useT();
  const selected = useKairo((state) => state.selectedNodeIds);
  const single = selected.length === 1 ? selected[0] : undefined;
  return (
    <aside className="inspector" aria-label={t('inspector.title')} data-testid="inspector">
      <div className="panel-head">
        <h2>{t('inspector.title')}</h2>
      </div>
      {single !== undefined ? (
        <NodeInspector nodeId={single} />
      ) : selected.length > 1 ? (
        <div className="inspector-body">
          <p className="muted">{t('inspector.multi', { count: selected.length })}</p>
        </div>
      ) : (
        <GraphInspector />
      )}
    </aside>
  );
}
