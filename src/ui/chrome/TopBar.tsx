/**
 * The top bar: name, file actions, undo/redo, the graph's title, the run's state, the parameter
 * total and problems, theme, language, help. In a narrow window the file actions shrink to icons
 * (named for assistive technology and in their tooltips) before the title does.
 */
import { useReactFlow } from '@xyflow/react';
import { useEffect, useRef, useState } from 'react';
import { formatCount, LANGUAGES, localized } from '../../i18n/index';
import { kairoStore, selectAnalysis, useKairo } from '../../store/index';
import { RecentButton } from '../documents/RecentButton';
import { ExportButton } from '../export/ExportButton';
import { selectRunInProgress } from '../../store/runStatus';
import { countText } from '../countText';
import { makeShareLink, newGraph, openGraphFile, saveGraphFile } from '../fileActions';
import { ProblemList } from '../ProblemList';
import { parameterTotal } from '../selectors';
import { useT } from '../useT';
import { RunStatus } from './RunStatus';
import { ThemeToggle } from './ThemeToggle';
import { ToolbarButton } from './ToolbarIcon';

function ProblemsButton() {
  const t = useT();
  const language = useKairo((state) => state.language);
  const flow = useReactFlow();
  const issues = useKairo((state) => selectAnalysis(state).issues);
  // While a run is on, "Ready to train" would contradict the run's own state beside it.
  const running = useKairo(selectRunInProgress);
  const [open, setOpen] = useState(false);
  const wrapper = useRef<HTMLDivElement>(null);
  const errors = issues.filter((issue) => issue.severity === 'error').length;
  const warnings = issues.length - errors;

  useEffect(() => {
    if (!open) return;
    const close = (event: PointerEvent) => {
      if (!wrapper.current?.contains(event.target as Node)) setOpen(false);
    };
    window.addEventListener('pointerdown', close);
    return () => window.removeEventListener('pointerdown', close);
  }, [open]);

  const tone = errors > 0 ? 'error' : warnings > 0 ? 'warning' : 'ok';
  return (
    <div className="problems" ref={wrapper}>
      <button
        type="button"
        className={`problems-button tone-${tone}`}
        onClick={() => setOpen(!open)}
        disabled={issues.length === 0}
        aria-expanded={open}
        title={t('topbar.problemsTitle')}
        data-testid="problems-button"
        data-tone={tone}
      >
        <span className="dot" aria-hidden="true" />
        <span className="problems-text">
          {issues.length === 0
            ? t(running ? 'editor.topbar.noProblems' : 'topbar.noProblems')
            : [errors > 0 ? countText(language, 'error', errors) : '', warnings > 0 ? countText(language, 'warning', warnings) : '']
                .filter((part) => part !== '')
                .join(' · ')}
        </span>
      </button>
      {open ? (
        <ProblemList
          issues={issues}
          testId="problems-list"
          className="problems-list"
          showNode
          onSelect={(issue) => {
            setOpen(false);
            if (issue.nodeId === undefined) return;
            kairoStore.getState().setSelection([issue.nodeId], []);
            void flow.fitView({ nodes: [{ id: issue.nodeId }], duration: 300, maxZoom: 1.2 });
          }}
        />
      ) : null}
    </div>
  );
}

/** A file action: its word beside an icon, the icon alone in a narrow window. */
/** The parameter total; "—" while some layer cannot be counted (a partial sum is not the network's size). */
function ParameterTotalBox() {
  const t = useT();
  const language = useKairo((state) => state.language);
  const total = useKairo((state) => parameterTotal(selectAnalysis(state), state.graph.nodes));
  const title = total.complete ? t('topbar.parameters') : t('editor.params.incomplete', { layers: countText(language, 'layer', total.missing) });
  return (
    <span className="param-total" data-testid="param-total-box" title={title}>
      <span className="param-total-label">{t('topbar.parameters')}</span>
      <strong data-testid="param-total" data-complete={total.complete}>
        {total.complete ? formatCount(total.total, language) : '—'}
      </strong>
      {total.complete ? null : <span className="visually-hidden">{title}</span>}
    </span>
  );
}

export function TopBar() {
  const t = useT();
  const language = useKairo((state) => state.language);
  const canUndo = useKairo((state) => state.past.length > 0);
  const canRedo = useKairo((state) => state.future.length > 0);
  const title = useKairo((state) => localized(state.graph.meta.title, state.language));
  const fileInput = useRef<HTMLInputElement>(null);

  return (
    <header className="topbar" data-testid="topbar">
      <div className="brand">
        <svg className="brand-mark" viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">
          <rect x="2.5" y="2.5" width="19" height="19" rx="3" />
          <rect x="8" y="8" width="8" height="8" rx="1.5" />
        </svg>
        <span className="brand-name">Kairo</span>
        <span className="brand-kanji">回路</span>
      </div>

      <nav className="toolbar" aria-label={t('editor.topbar.toolbar')}>
        <ToolbarButton icon="new" label={t('topbar.new')} title={t('topbar.newTitle')} onClick={newGraph} testId="action-new" />
        <ToolbarButton
          icon="open"
          label={t('topbar.open')}
          title={t('topbar.openTitle')}
          onClick={() => fileInput.current?.click()}
          testId="action-open"
        />
        <input
          ref={fileInput}
          type="file"
          accept=".json,application/json"
          hidden
          data-testid="open-file-input"
          onChange={(event) => {
            const file = event.target.files?.[0];
            event.target.value = '';
            if (file) void openGraphFile(file);
          }}
        />
        <ToolbarButton icon="save" label={t('topbar.save')} title={t('topbar.saveTitle')} onClick={() => void saveGraphFile()} testId="action-save" />
        <ToolbarButton icon="share" label={t('topbar.share')} title={t('topbar.shareTitle')} onClick={makeShareLink} testId="action-share" />
        <ToolbarButton
          icon="examples"
          label={t('topbar.presets')}
          title={t('topbar.presetsTitle')}
          onClick={() => kairoStore.getState().openDialog('presets')}
          testId="action-presets"
        />
        <ExportButton />
        <RecentButton />
        <ToolbarButton icon="data" label={t('data.topbar')} title={t('data.topbarTitle')} onClick={() => kairoStore.getState().openDataView()} testId="action-data" />
        <span className="tb-sep" aria-hidden="true" />
        <button
          type="button"
          className="tb tb--icon"
          onClick={() => kairoStore.getState().undo()}
          disabled={!canUndo}
          title={`${t('topbar.undo')} (Ctrl+Z)`}
          aria-label={t('topbar.undo')}
          data-testid="action-undo"
        >
          <svg viewBox="0 0 20 20" width="16" height="16" aria-hidden="true">
            <path d="M7 5 3 9l4 4M3.5 9H12a5 5 0 0 1 0 10h-2" />
          </svg>
        </button>
        <button
          type="button"
          className="tb tb--icon"
          onClick={() => kairoStore.getState().redo()}
          disabled={!canRedo}
          title={`${t('topbar.redo')} (Ctrl+Shift+Z)`}
          aria-label={t('topbar.redo')}
          data-testid="action-redo"
        >
          <svg viewBox="0 0 20 20" width="16" height="16" aria-hidden="true">
            <path d="m13 5 4 4-4 4M16.5 9H8a5 5 0 0 0 0 10h2" />
          </svg>
        </button>
      </nav>

      <div className="graph-status">
        <span className="graph-title" title={title || t('topbar.untitled')} data-testid="graph-title-display">
          {title || t('topbar.untitled')}
        </span>
        <RunStatus />
        <ParameterTotalBox />
        <ProblemsButton />
      </div>

      <div className="topbar-end">
        <ThemeToggle />
        <fieldset className="lang-switch">
          <legend className="visually-hidden">{t('topbar.language')}</legend>
          {LANGUAGES.map((each) => (
            <button
              key={each}
              type="button"
              className={each === language ? 'is-active' : ''}
              aria-pressed={each === language}
              onClick={() => kairoStore.getState().setLanguage(each)}
              data-testid={`language-${each}`}
              lang={each}
            >
              {t(`language.${each}`)}
            </button>
          ))}
        </fieldset>
        <button
          type="button"
          className="tb tb--icon tb--help"
          onClick={() => kairoStore.getState().openDialog('help')}
          title={`${t('topbar.help')} (?)`}
          aria-label={t('topbar.help')}
          data-testid="action-help"
        >
          ?
        </button>
      </div>
    </header>
  );
}
