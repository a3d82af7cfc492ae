/**
 * Train / Pause / Resume / Stop, the backend override and the backend in use with the reason. Train
 * is disabled, with the reason shown, while the graph has errors. Buttons only ask the worker; the
 * run changes when the worker's events arrive.
 */
import { renderIssue } from '../../i18n/renderIssue';
import { kairoStore, selectAnalysis, useKairo } from '../../store/index';
import { selectResultIsCurrent } from '../../store/runStatus';
import type { BackendPreference } from '../../worker/api';
import { useTrainingDataBlock } from '../data/useDataStatus';
import { useT } from '../useT';
import { ForceStopOffer } from './ForceStopOffer';
import { describeBackend } from './trainingText';
import { trainingSession } from './useTrainingSession';

const PREFERENCES: readonly BackendPreference[] = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'];

/** The first error of the graph in the current language, or undefined when it can be trained. */
function useBlockingProblem(): { message: string; more: number; code: string } | undefined {
  const issues = useKairo((state) => selectAnalysis(state).issues);
  const language = useKairo((state) => state.language);
  const errors = issues.filter((issue) => issue.severity === 'error');
  const first = errors[0];
  return first ? { message: renderIssue(first, language), more: errors.length - 1, code: first.code } : undefined;
}

export function TrainingControls() {
  const t = useT();
  const status = useKairo((state) => state.run.status);
  const evaluating = useKairo((state) => state.evaluation.status === 'running');
  const current = useKairo(selectResultIsCurrent);
  const graphProblem = useBlockingProblem();
  // Data this browser does not have is not a problem of the graph, but training must wait for it.
  const dataBlock = useTrainingDataBlock();
  const problem = graphProblem ?? (dataBlock ? { ...dataBlock, more: 0 } : undefined);
  const busy = status === 'loading' || status === 'training' || status === 'paused';
  // Resuming a run of a graph that has changed would go on training the graph as it was.
  const resumeRefused = status === 'paused' && !current;
  const reason = resumeRefused
    ? t('editor.stale.resumeRefused')
    : problem && !busy
      ? problem.more > 0
        ? t('training.blockedMore', { reason: problem.message, count: problem.more })
        : t('training.blocked', { reason: problem.message })
      : evaluating && !busy
        ? t('editor.run.waitEvaluation')
        : undefined;

  const train = () => {
    const state = kairoStore.getState();
    state.setTrainingPanelOpen(true);
    void trainingSession.train(state.graph);
  };

  return (
    <div className="tp-controls">
      {status === 'training' ? (
        <button type="button" className="btn" onClick={() => trainingSession.pause()} data-testid="training-pause">
          <span className="tp-icon tp-icon--pause" aria-hidden="true" />
          {t('training.pause')}
        </button>
      ) : status === 'paused' ? (
        <button
          type="button"
          className="btn btn--primary"
          onClick={() => trainingSession.resume()}
          disabled={resumeRefused}
          aria-describedby={resumeRefused ? 'training-blocked' : undefined}
          data-testid="training-resume"
        >
          <span className="tp-icon tp-icon--play" aria-hidden="true" />
          {t('training.resume')}
        </button>
      ) : (
        <button
          type="button"
          className="btn btn--primary"
          onClick={train}
          disabled={busy || evaluating || problem !== undefined}
          title={t('training.trainTitle')}
          aria-describedby={reason ? 'training-blocked' : undefined}
          data-testid="training-train"
        >
          <span className="tp-icon tp-icon--play" aria-hidden="true" />
          {t('training.train')}
        </button>
      )}
      <button
        type="button"
        className="btn"
        onClick={() => trainingSession.stop()}
        disabled={!busy}
        title={t('training.stopTitle')}
        data-testid="training-stop"
      >
        <span className="tp-icon tp-icon--stop" aria-hidden="true" />
        {t('training.stop')}
      </button>
      <ForceStopOffer />
      {reason ? (
        // Wrapped, never cut: the whole reason is the point.
        <span
          className={`tp-blocked${resumeRefused ? ' tp-blocked--stale' : ''}`}
          id="training-blocked"
          data-testid="training-blocked"
          data-reason={resumeRefused ? 'graph-changed' : problem && !busy ? (graphProblem ? 'graph-errors' : 'data-missing') : 'evaluating'}
          data-code={problem?.code}
          title={reason}
        >
          {reason}
        </span>
      ) : null}
    </div>
  );
}

/** The backend override select, and the backend in use with the reason. */
export function BackendInfo() {
  const t = useT();
  const preference = useKairo((state) => state.backendPreference);
  const backend = useKairo((state) => state.backend);
  const engine = useKairo((state) => state.engine);
  const busy = useKairo((state) => state.run.status === 'loading' || state.run.status === 'training' || state.run.status === 'paused');
  const described = backend ? describeBackend(backend, t) : undefined;
  return (
    <div className="tp-backend">
      <label className="tp-backend-select">
        <span className="visually-hidden">{t('training.backend')}</span>
        <select
          value={preference}
          disabled={busy}
          title={t('training.backendTitle')}
          onChange={(event) => void trainingSession.chooseBackend(event.target.value as BackendPreference)}
          data-testid="training-backend-select"
        >
          {PREFERENCES.map((option) => (
            <option key={option} value={option}>
              {t(`training.backendOption.${option}`)}
            </option>
          ))}
        </select>
      </label>
      <span
        className={`tp-backend-name${backend ? ` tp-backend-name--${backend.backend}` : ''}`}
        title={backend?.reason}
        data-testid="training-backend"
        data-backend={backend?.backend}
        data-reason={backend?.reasonCode}
      >
        {described ?? (engine === 'starting' ? t('training.backendStarting') : t('training.backendNone'))}
      </span>
    </div>
  );
}
