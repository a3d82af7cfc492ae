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
import { formatCount, type Language, LANGUAGES, localized } from '../../i18n/index';
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

/** Says the limit once a text reaches it (the field takes no more, so a long paste is visibly cut). */
function AtLimit({ text, limit, testId }: { text: string; limit: number; testId: string }) {
  const t = useT();
  const language = useKairo((state) => state.language);
  if (text.length < limit) return null;
  return (
    <p className="field-help" role="status" data-testid={testId}>
      {t('reliability.limit.text', { limit: formatCount(limit, language) })}
    </p>
  );
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
        <AtLimit text={meta.title[language]} limit={GRAPH_LIMITS.maxTitleChars} testId="graph-title-limit" />
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
          value={meta.description[language]}
          maxLength={GRAPH_LIMITS.maxDescriptionChars}
          placeholder={t('editor.meta.descriptionPlaceholder')}
          onChange={(event) => setBoth('description', event.target.value)}
          data-testid="graph-description"
        />
        <AtLimit text={meta.description[language]} limit={GRAPH_LIMITS.maxDescriptionChars} testId="graph-description-limit" />
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
          <AtLimit text={meta.title[other]} limit={GRAPH_LIMITS.maxTitleChars} testId="graph-title-other-limit" />
        </div>
        <div className="field">
          <label className="field-label" htmlFor={otherDescriptionId}>
            <span>{t('editor.meta.description')}</span>
          </label>
          <textarea
            id={otherDescriptionId}
            rows={4}
            lang={other}
            value={meta.description[other]}
            maxLength={GRAPH_LIMITS.maxDescriptionChars}
            onChange={(event) => setOne('description', other, event.target.value)}
            data-testid="graph-description-other"
          />
          <AtLimit text={meta.description[other]} limit={GRAPH_LIMITS.maxDescriptionChars} testId="graph-description-other-limit" />
        </div>
      </details>
    </>
  );
}
