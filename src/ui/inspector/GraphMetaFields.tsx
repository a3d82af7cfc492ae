/**
 * The graph's title and description. A title or description typed here is the graph's own, in both
 * languages (a Japanese recipient of a link sees the new title, not the example's); a separate
 * translation can be given below. A description written for an example says so once the graph no
 * longer is that example, so its numbers are not taken for this graph's.
 */
import { useId, useMemo } from 'react';
import { GRAPH_LIMITS } from '../../graph/limits';
import { graphFingerprint } from '../../graph/fingerprint';
import type { Graph, LocalizedText } from '../../graph/types';
import { type Language, LANGUAGES, localized } from '../../i18n/index';
import { kairoStore, useKairo } from '../../store/index';
import { selectGraphFingerprint } from '../../store/runStatus';
import { allPresets } from '../presets';
import { useT } from '../useT';

/** The example whose description this is, and whether the graph has changed from that example. */
function describedExample(graph: Graph, fingerprint: string): { id: string; title: LocalizedText; changed: boolean } | undefined {
  const { en, ja } = graph.meta.description;
  if (en === '' && ja === '') return undefined;
  const preset = allPresets().find((each) => {
    const description = each.graph.meta.description;
    return (en !== '' && description.en === en) || (ja !== '' && description.ja === ja);
  });
  if (!preset) return undefined;
  return { id: preset.id, title: preset.graph.meta.title, changed: graphFingerprint(preset.graph) !== fingerprint };
}

function otherLanguage(language: Language): Language {
  return LANGUAGES.find((each) => each !== language) ?? 'en';
}

export function GraphMetaFields() {
  const t = useT();
  const language = useKairo((state) => state.language);
  const meta = useKairo((state) => state.graph.meta);
  const graph = useKairo((state) => state.graph);
  const fingerprint = useKairo(selectGraphFingerprint);
  const example = useMemo(() => describedExample(graph, fingerprint), [graph, fingerprint]);
  const other = otherLanguage(language);
  const titleId = useId();
  const descriptionId = useId();
  const otherTitleId = useId();
  const otherDescriptionId = useId();

  const setBoth = (field: 'title' | 'description', text: string) =>
    kairoStore.getState().setMeta({ ...meta, [field]: { en: text, ja: text } });
  const setOne = (field: 'title' | 'description', lang: Language, text: string) =>
    kairoStore.getState().setMeta({ ...meta, [field]: { ...meta[field], [lang]: text } });

  return (
    <>
      <div className="field">
        <label className="field-label" htmlFor={titleId}>
          <span>{t('inspector.graphTitle')}</span>
        </label>
        <input
          id={titleId}
          type="text"
          value={meta.title[language]}
          maxLength={GRAPH_LIMITS.maxTitleChars}
          placeholder={localized(meta.title, language) || t('topbar.untitled')}
          onChange={(event) => setBoth('title', event.target.value)}
          data-testid="graph-title"
        />
      </div>
      <div className="field">
        <label className="field-label" htmlFor={descriptionId}>
          <span>{t('editor.meta.description')}</span>
        </label>
        {example?.changed ? (
          <p className="meta-stale" role="note" data-testid="description-stale">
            {t('editor.meta.descriptionStale', { example: localized(example.title, language) || example.id })}{' '}
            <button type="button" className="tp-link" onClick={() => setBoth('description', '')} data-testid="description-clear">
              {t('editor.meta.descriptionClear')}
            </button>
          </p>
        ) : null}
        <textarea
          id={descriptionId}
          rows={6}
          maxLength={GRAPH_LIMITS.maxDescriptionChars}
          value={meta.description[language]}
          placeholder={t('editor.meta.descriptionPlaceholder')}
          onChange={(event) => setBoth('description', event.target.value)}
          data-testid="graph-description"
        />
      </div>
      <details className="meta-other">
        <summary>{t('editor.meta.otherLanguage', { language: t(`language.${other}`) })}</summary>
        <div className="field">
          <label className="field-label" htmlFor={otherTitleId}>
            <span>{t('inspector.graphTitle')}</span>
          </label>
          <input
            id={otherTitleId}
            type="text"
            lang={other}
            value={meta.title[other]}
            maxLength={GRAPH_LIMITS.maxTitleChars}
            onChange={(event) => setOne('title', other, event.target.value)}
            data-testid="graph-title-other"
          />
        </div>
        <div className="field">
          <label className="field-label" htmlFor={otherDescriptionId}>
            <span>{t('editor.meta.description')}</span>
          </label>
          <textarea
            id={otherDescriptionId}
            rows={4}
            maxLength={GRAPH_LIMITS.maxDescriptionChars}
            lang={other}
            value={meta.description[other]}
            onChange={(event) => setOne('description', other, event.target.value)}
            data-testid="graph-description-other"
          />
        </div>
      </details>
    </>
  );
}
