/** Every node type, grouped by category, searchable in both languages; drag a card or click it. */
import { useReactFlow } from '@xyflow/react';
import { type DragEvent, useMemo, useState } from 'react';
import { NODE_DEFINITIONS } from '../../../nodes/index';
import type { NodeCategory, NodeDefinition, ParamSpecs } from '../../../nodes/types';
import { type Language, localized } from '../../i18n/index';
import { estimateCardSize } from '../../graph/cardSize';
import { freeSpot } from '../../graph/placement';
import { kairoStore, useKairo } from '../../store/index';
import { useT } from '../useT';

/** The drag data type that marks a palette card (its value is the node type id). */
export const PALETTE_DRAG_TYPE = 'application/x-kairo-node';

const CATEGORIES: readonly NodeCategory[] = ['data', 'layers', 'activations', 'merge', 'training'];

function searchable(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

interface PaletteMatch {
  definition: NodeDefinition<ParamSpecs>;
  /** 2: the name, 1: a setting's value (e.g. "softmax" of an activation). */
  score: number;
  /** The setting whose value matched, shown beside the name ("activation: softmax"). */
  via?: { param: string; option: string };
}

/**
 * How well a node type answers a search: every word must be found in its name, its type id or the
 * values its settings offer (so "softmax" or "relu" finds Activation, Dense and Conv2D).
 */
function match(definition: NodeDefinition<ParamSpecs>, query: string, language: Language): PaletteMatch | undefined {
  const words = searchable(query)
    .split(/\s+/)
    .filter((word) => word !== '');
  if (words.length === 0) return { definition, score: 2 };
  const name = searchable([definition.type, definition.title.en, definition.title.ja].join(' '));
  const options = Object.entries(definition.params).flatMap(([param, spec]) =>
    spec.type === 'enum' ? spec.options.map((option) => ({ param, label: localized(spec.label, language), option })) : [],
  );
  let score = 2;
  let via: PaletteMatch['via'];
  for (const word of words) {
    if (name.includes(word)) continue;
    const option = options.find((each) => searchable(each.option).includes(word));
    if (!option) return undefined;
    score = 1;
    via ??= { param: option.label, option: option.option };
  }
  return via ? { definition, score, via } : { definition, score };
}

export function Palette() {
  const t = useT();
  const language = useKairo((state) => state.language);
  const flow = useReactFlow();
  const [query, setQuery] = useState('');

  const groups = useMemo(
    () =>
      CATEGORIES.map((category) => ({
        category,
        matches: NODE_DEFINITIONS.filter((definition) => definition.category === category)
          .flatMap((definition) => match(definition, query.trim(), language) ?? [])
          .sort((a, b) => b.score - a.score),
      })).filter((group) => group.matches.length > 0),
    [query, language],
  );

  // A clicked card (or Enter on it) lands near the middle of the view, where it covers no other card.
  const addAtCentre = (type: string) => {
    const canvas = document.querySelector('[data-testid="canvas"]')?.getBoundingClientRect();
    const centre = canvas
      ? flow.screenToFlowPosition({ x: canvas.left + canvas.width / 2, y: canvas.top + canvas.height / 2 })
      : { x: 0, y: 0 };
    const size = estimateCardSize(type);
    const spot = freeSpot(kairoStore.getState().graph.nodes, { x: centre.x - size.width / 2, y: centre.y - size.height / 2 }, size);
    kairoStore.getState().addNodeOfType(type, spot);
  };

  const onDragStart = (event: DragEvent, type: string) => {
    event.dataTransfer.setData(PALETTE_DRAG_TYPE, type);
    event.dataTransfer.effectAllowed = 'copy';
  };

  return (
    <aside className="palette" aria-label={t('palette.title')} data-testid="palette">
      <div className="panel-head">
        <h2>{t('palette.title')}</h2>
      </div>
      <div className="palette-search">
        <input
          type="search"
          value={query}
          placeholder={t('palette.search')}
          aria-label={t('palette.search')}
          onChange={(event) => setQuery(event.target.value)}
          data-testid="palette-search"
        />
      </div>
      <div className="palette-list">
        {groups.length === 0 ? <p className="muted palette-empty">{t('palette.noMatch', { query })}</p> : null}
        {groups.map((group) => (
          <section key={group.category} className="palette-group">
            <h3>{t(`palette.category.${group.category}`)}</h3>
            <ul>
              {group.matches.map(({ definition, via }) => (
                <li key={definition.type}>
                  <button
                    type="button"
                    draggable
                    className={`palette-item cat-${definition.category}`}
                    title={localized(definition.description, language)}
                    onDragStart={(event) => onDragStart(event, definition.type)}
                    onClick={() => addAtCentre(definition.type)}
                    data-testid={`palette-${definition.type}`}
                  >
                    <span className="palette-chip" aria-hidden="true" />
                    <span className="palette-name">{localized(definition.title, language)}</span>
                    <span className="palette-id">{via ? `${via.param}: ${via.option}` : definition.type}</span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
      <p className="palette-hint muted">{t('palette.hint')}</p>
    </aside>
  );
}
