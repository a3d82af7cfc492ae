/** Every node type, grouped by category, searchable in both languages; drag a card or click it. */
import { useReactFlow } from '@xyflow/react';
import { type DragEvent, useMemo, useState } from 'react';
import { NODE_DEFINITIONS } from '../../../nodes/index';
import type { NodeCategory, NodeDefinition, ParamSpecs } from '../../../nodes/types';
import { localized } from '../../i18n/index';
import type { XY } from '../../graph/edits';
import { kairoStore, useKairo } from '../../store/index';
import { useT } from '../useT';

/** The drag data type that marks a palette card (its value is the node type id). */
export const PALETTE_DRAG_TYPE = 'application/x-kairo-node';

const CATEGORIES: readonly NodeCategory[] = ['data', 'layers', 'activations', 'merge', 'training'];
/** A clicked card lands at the view's centre, nudged along while that spot is taken. */
const CLICK_NUDGE = 36;
const CARD_HALF: XY = { x: 90, y: 40 };

function searchable(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

function matches(definition: NodeDefinition<ParamSpecs>, query: string): boolean {
  if (query === '') return true;
  const haystack = searchable(
    [definition.type, definition.title.en, definition.title.ja].join(' '),
  );
  return searchable(query)
    .split(/\s+/)
    .filter((word) => word !== '')
    .every((word) => haystack.includes(word));
}

function freeSpot(start: XY): XY {
  const taken = kairoStore.getState().graph.nodes.map((node) => node.position);
  const spot = { ...start };
  for (let tries = 0; tries < 50; tries++) {
    if (!taken.some((p) => Math.abs(p.x - spot.x) < 20 && Math.abs(p.y - spot.y) < 20)) break;
    spot.x += CLICK_NUDGE;
    spot.y += CLICK_NUDGE;
  }
  return spot;
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
        definitions: NODE_DEFINITIONS.filter(
          (definition) => definition.category === category && matches(definition, query.trim()),
        ),
      })).filter((group) => group.definitions.length > 0),
    [query],
  );

  const addAtCentre = (type: string) => {
    const canvas = document.querySelector('[data-testid="canvas"]')?.getBoundingClientRect();
    const centre = canvas
      ? flow.screenToFlowPosition({ x: canvas.left + canvas.width / 2, y: canvas.top + canvas.height / 2 })
      : { x: 0, y: 0 };
    kairoStore.getState().addNodeOfType(type, freeSpot({ x: centre.x - CARD_HALF.x, y: centre.y - CARD_HALF.y }));
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
              {group.definitions.map((definition) => (
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
                    <span className="palette-id">{definition.type}</span>
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
