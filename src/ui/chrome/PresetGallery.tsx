/**
 * The examples: one card per preset with a picture of its network (its cards as drawn, coloured by
 * kind, and its wires), the facts that tell them apart (nodes, parameters, epochs, optimizer) and
 * its layers in order. Short enough that the course's five fit one screen without scrolling.
 */
import { getNodeDefinition } from '../../../nodes/index';
import type { NodeCategory, ParamSpecs, ParamValues } from '../../../nodes/types';
import { analyzeGraph } from '../../graph/analyze';
import { estimateCardSize } from '../../graph/cardSize';
import type { Graph } from '../../graph/types';
import { formatCount, type Language, localized } from '../../i18n/index';
import { kairoStore, useKairo } from '../../store/index';
import { runsBackwards, wrapPath } from '../canvas/wirePath';
import { countText } from '../countText';
import { openPreset } from '../fileActions';
import { allPresets, type Preset } from '../presets';
import { useT } from '../useT';
import { Modal } from './Modal';

const close = () => kairoStore.getState().openDialog(null);

const CATEGORY_CLASS: Record<NodeCategory, string> = {
  data: 'cat-data',
  layers: 'cat-layers',
  activations: 'cat-activations',
  merge: 'cat-merge',
  training: 'cat-training',
};

/** The network as a small drawing: each card a box where it sits on the canvas, each wire a line. */
function NetworkPicture({ graph }: { graph: Graph }) {
  const boxes = new Map(graph.nodes.map((node) => [node.id, { ...node.position, ...estimateCardSize(node.type), type: node.type }]));
  const all = [...boxes.values()];
  if (all.length === 0) return null;
  const left = Math.min(...all.map((box) => box.x)) - 20;
  const top = Math.min(...all.map((box) => box.y)) - 20;
  const width = Math.max(...all.map((box) => box.x + box.width)) - left + 20;
  const height = Math.max(...all.map((box) => box.y + box.height)) - top + 20;
  return (
    <svg className="preset-picture" viewBox={`${left} ${top} ${width} ${height}`} aria-hidden="true" data-testid="preset-picture">
      {graph.edges.map((edge) => {
        const source = boxes.get(edge.source);
        const target = boxes.get(edge.target);
        if (!source || !target) return null;
        const sx = source.x + source.width;
        const sy = source.y + source.height / 2;
        const tx = target.x;
        const ty = target.y + target.height / 2;
        const path = runsBackwards(sx, tx) ? wrapPath(sx, sy, tx, ty, source.y + source.height + 18).path : `M${sx},${sy} C${sx + 30},${sy} ${tx - 30},${ty} ${tx},${ty}`;
        return <path key={edge.id} d={path} className="preset-picture-wire" />;
      })}
      {all.map((box) => {
        const category = getNodeDefinition(box.type)?.category;
        return (
          <rect
            key={`${box.x},${box.y}`}
            x={box.x}
            y={box.y}
            width={box.width}
            height={box.height}
            rx={10}
            className={`preset-picture-node ${category ? CATEGORY_CLASS[category] : ''}`}
          />
        );
      })}
    </svg>
  );
}

/** "Conv2D 32 → Max pooling 2×2 → … → Dense 10": the trained layers in order, each with its first setting. */
function layerSequence(graph: Graph, language: Language): string {
  const analysis = analyzeGraph(graph);
  return analysis.trainingPath
    .flatMap((id) => {
      const node = analysis.resolved[id];
      if (node?.definition.role !== 'layer') return [];
      let first = '';
      try {
        first = node.definition.summary?.(node.params as ParamValues<ParamSpecs>)?.split(' · ')[0] ?? '';
      } catch {
        first = '';
      }
      return [`${localized(node.definition.title, language)}${first ? ` ${first}` : ''}`];
    })
    .join(' → ');
}

function presetFacts(preset: Preset): { params: number; epochs: unknown; algorithm: unknown } {
  const analysis = analyzeGraph(preset.graph);
  const optimizer = preset.graph.nodes.find((node) => node.type === 'optimizer');
  return { params: analysis.totalParams, epochs: optimizer?.params.epochs, algorithm: optimizer?.params.algorithm };
}

export function PresetGallery() {
  const t = useT();
  const language = useKairo((state) => state.language);
  const presets = allPresets();
  return (
    <Modal title={t('presets.title')} onClose={close} closeLabel={t('presets.close')} wide testId="preset-gallery">
      <p className="muted">{t('presets.explain')}</p>
      {presets.length === 0 ? <p>{t('presets.none')}</p> : null}
      <ul className="preset-grid">
        {presets.map((preset) => {
          const facts = presetFacts(preset);
          return (
            <li key={preset.id}>
              <button
                type="button"
                className="preset-card"
                onClick={() => openPreset(preset.graph)}
                data-testid={`preset-${preset.id}`}
              >
                <span className="preset-title">{localized(preset.graph.meta.title, language) || preset.id}</span>
                <NetworkPicture graph={preset.graph} />
                <span className="preset-facts">
                  {[
                    countText(language, 'node', preset.graph.nodes.length),
                    t('editor.presets.params', { count: formatCount(facts.params, language) }),
                    typeof facts.epochs === 'number' ? t('editor.presets.epochs', { count: facts.epochs }) : '',
                    typeof facts.algorithm === 'string' ? facts.algorithm : '',
                  ]
                    .filter((part) => part !== '')
                    .join(' · ')}
                </span>
                <span className="preset-layers">{layerSequence(preset.graph, language)}</span>
              </button>
            </li>
          );
        })}
      </ul>
    </Modal>
  );
}
