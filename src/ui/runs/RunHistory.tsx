/**
 * The training panel's Runs tab: every finished run in one table (name, when, test accuracy,
 * parameters, time, backend, optimizer and its settings), the chosen runs' curves overlaid in one
 * chart, and rename, delete and CSV export. The course's progression — perceptron, logistic
 * regression, SVM, MLP, CNN — becomes one comparison the student builds run by run.
 */
import { useEffect, useMemo, useState } from 'react';
import { formatCount } from '../../i18n/index';
import { kairoStore, useKairo } from '../../store/index';
import type { RunRecord } from '../../storage/runs';
import { formatDuration, formatPercent } from '../training/trainingText';
import { useLanguage, useT } from '../useT';
import { deleteStoredRun, loadRuns, renameStoredRun } from './runHistory';
import { downloadText } from '../download';
import { runsCsv } from './runsCsv';
import { OVERLAY_METRICS, type OverlayMetric, RunOverlayChart, runColour } from './RunOverlayChart';
import './runs.css';

function NameCell({ run }: { run: RunRecord }) {
  const t = useT();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(run.name);
  const save = () => {
    setEditing(false);
    const name = draft.trim();
    if (name !== '' && name !== run.name) void renameStoredRun(kairoStore, run.id, name);
    else setDraft(run.name);
  };
  if (!editing) {
    return (
      <span className="runs-name">
        <span data-testid="run-name">{run.name}</span>
        <button
          type="button"
          className="tp-link runs-icon"
          onClick={() => {
            setDraft(run.name);
            setEditing(true);
          }}
          aria-label={t('runs.renameLabel', { name: run.name })}
          title={t('runs.rename')}
          data-testid="run-rename"
        >
          ✎
        </button>
      </span>
    );
  }
  return (
    <input
      className="runs-name-input"
      // biome-ignore lint/a11y/noAutofocus: the user just asked to rename this run; the field is where they type.
      autoFocus
      value={draft}
      aria-label={t('runs.nameLabel')}
      onChange={(event) => setDraft(event.target.value)}
      onBlur={save}
      onKeyDown={(event) => {
        if (event.key === 'Enter') save();
        if (event.key === 'Escape') {
          setDraft(run.name);
          setEditing(false);
        }
      }}
      data-testid="run-name-input"
    />
  );
}

export function RunHistory() {
  const t = useT();
  const language = useLanguage();
  const runs = useKairo((state) => state.runs);
  const failure = useKairo((state) => state.runsFailure);
  const overlay = useKairo((state) => state.overlayRunIds);
  const [metric, setMetric] = useState<OverlayMetric>('valAccuracy');

  useEffect(() => {
    if (kairoStore.getState().runs === null) void loadRuns(kairoStore);
  }, []);

  const list = runs ?? [];
  const chosen = useMemo(
    () => list.flatMap((run, index) => (overlay.includes(run.id) ? [{ run, colour: runColour(index) }] : [])),
    [list, overlay],
  );
  const allChosen = list.length > 0 && list.every((run) => overlay.includes(run.id));

  return (
    <div className="runs" data-testid="runs">
      {failure ? (
        <p className="tp-note tp-note--error" data-code={failure.code} title={failure.detail}>
          {t(`runs.storage.${failure.code}`)}
        </p>
      ) : null}
      {runs === null ? (
        <p className="tp-note">{t('runs.loading')}</p>
      ) : list.length === 0 ? (
        <p className="tp-note" data-testid="runs-empty">
          {t('runs.empty')}
        </p>
      ) : (
        <div className="runs-layout">
          <div className="runs-table-wrap">
            <div className="runs-toolbar">
              <button
                type="button"
                className="btn btn--small"
                onClick={() => kairoStore.getState().setOverlay(allChosen ? [] : list.map((run) => run.id))}
                data-testid="runs-overlay-all"
              >
                {allChosen ? t('runs.overlayNone') : t('runs.overlayAll')}
              </button>
              <button
                type="button"
                className="btn btn--small"
                onClick={() => downloadText('kairo-runs.csv', runsCsv(list, language), 'text/csv;charset=utf-8')}
                data-testid="runs-export"
              >
                {t('runs.exportCsv')}
              </button>
            </div>
            <table className="runs-table" data-testid="runs-table">
              <thead>
                <tr>
                  <th scope="col">{t('runs.col.overlay')}</th>
                  <th scope="col">{t('runs.col.name')}</th>
                  <th scope="col">{t('runs.col.accuracy')}</th>
                  <th scope="col">{t('runs.col.params')}</th>
                  <th scope="col">{t('runs.col.time')}</th>
                  <th scope="col">{t('runs.col.backend')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('runs.col.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.map((run, index) => (
                  <tr key={run.id} data-testid="run-row" data-run={run.id} data-status={run.status}>
                    <td>
                      <input
                        type="checkbox"
                        checked={overlay.includes(run.id)}
                        onChange={() => kairoStore.getState().toggleOverlay(run.id)}
                        aria-label={t('runs.overlayLabel', { name: run.name })}
                        data-testid="run-overlay"
                      />
                      <span className="runs-swatch" style={{ background: runColour(index) }} aria-hidden="true" />
                    </td>
                    <td className="runs-run">
                      <NameCell run={run} />
                      <span className="runs-details muted small">
                        {t('runs.settings', {
                          optimizer: run.settings.optimizer,
                          rate: run.settings.learningRate,
                          batch: run.settings.batchSize,
                          epochs: run.epochs.length,
                          planned: run.settings.epochs,
                        })}
                        {run.status === 'stopped' ? ` · ${t('runs.stopped')}` : ''} ·{' '}
                        {new Date(run.createdAt).toLocaleString(language === 'ja' ? 'ja-JP' : 'en-US', { dateStyle: 'short', timeStyle: 'short' })}
                      </span>
                    </td>
                    <td className="runs-number" data-testid="run-accuracy">
                      {formatPercent(run.testAccuracy, 2)}
                    </td>
                    <td className="runs-number">{formatCount(run.params, language)}</td>
                    <td className="runs-number">{formatDuration(run.seconds)}</td>
                    <td>{run.backend}</td>
                    <td>
                      <button
                        type="button"
                        className="tp-link runs-icon runs-delete"
                        onClick={() => void deleteStoredRun(kairoStore, run.id)}
                        aria-label={t('runs.deleteLabel', { name: run.name })}
                        title={t('runs.delete')}
                        data-testid="run-delete"
                      >
                        ✕
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="runs-overlay">
            <label className="runs-metric">
              {t('runs.metric')}
              <select value={metric} onChange={(event) => setMetric(event.target.value as OverlayMetric)} data-testid="runs-metric">
                {OVERLAY_METRICS.map((name) => (
                  <option key={name} value={name}>
                    {t(`runs.metric.${name}`)}
                  </option>
                ))}
              </select>
            </label>
            {chosen.length === 0 ? <p className="muted small">{t('runs.overlayHint')}</p> : null}
            <RunOverlayChart runs={chosen} metric={metric} label={t('runs.chartLabel', { count: chosen.length })} />
          </div>
        </div>
      )}
    </div>
  );
}
