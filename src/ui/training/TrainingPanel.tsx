/**
 * The training dashboard in the dock under the canvas. The head is always there: status, progress
 * (epoch, batch, ETA, samples/s) and the Train / Pause / Resume / Stop buttons. Opened, it shows a
 * failure (with "Restart engine" when the worker is gone) and four tabs: live charts with the
 * backend, the test-set evaluation, the drawing pad, and the model summary. The graph is only read.
 */
import { type PointerEvent as ReactPointerEvent, type ReactNode, useRef, useState } from 'react';
import { kairoStore, type TrainingRun, useKairo } from '../../store/index';
import { selectResultIsStale } from '../../store/runStatus';
import { ProblemList } from '../ProblemList';
import { useT } from '../useT';
import { StepPanel } from '../inside/StepPanel';
import { RunHistory } from '../runs/RunHistory';
import { DrawingPad } from './DrawingPad';
import { ModelSummary } from './ModelSummary';
import { ProgressBar } from './ProgressBar';
import { StaleNote } from './StaleNote';
import { TrainingControls } from './TrainingControls';
import { TrainingEvaluation } from './TrainingEvaluation';
import { TrainingProgress } from './TrainingProgress';
import { TryImage } from './TryImage';
import { describeRunError, engineMessageDetail, formatPercent, needsRestart, runErrorMessage } from './trainingText';
import { trainingSession, useTrainingSession } from './useTrainingSession';

type TabName = 'progress' | 'evaluation' | 'draw' | 'model' | 'step' | 'runs';
const TABS: readonly TabName[] = ['progress', 'evaluation', 'draw', 'model', 'step', 'runs'];

const MIN_BODY_HEIGHT = 170;
const MAX_DEFAULT_BODY_HEIGHT = 286;

/** The panel's first height: about a third of a short window, so the graph above keeps its room. */
function defaultBodyHeight(): number {
  return Math.round(Math.min(MAX_DEFAULT_BODY_HEIGHT, Math.max(MIN_BODY_HEIGHT + 30, window.innerHeight * 0.34)));
}

type StatusWord = Exclude<TrainingRun['status'], 'done'> | 'completed' | 'stopped';

/** The status pill's word (a string, so the panel re-renders only when it changes). */
function statusWord(run: TrainingRun): StatusWord {
  return run.status === 'done' ? run.result : run.status;
}

function RunFailure() {
  const t = useT();
  const run = useKairo((state) => state.run);
  if (run.status !== 'failed') return null;
  const error = run.error;
  const engineMessage = runErrorMessage(error);
  return (
    <div className="tp-failure" role="alert" data-testid="training-error">
      <div className="tp-failure-text">
        <strong>{t('training.error.title')}</strong>
        {/* The technical detail (a tfjs or browser error, as it was worded) stays available on hover. */}
        <span
          data-testid="training-error-message"
          data-code={engineMessage?.code}
          title={engineMessage ? engineMessageDetail(engineMessage) || undefined : undefined}
        >
          {describeRunError(error, t)}
        </span>
        {error.kind === 'compile' ? (
          <ProblemList
            issues={error.issues}
            testId="training-error-issues"
            className="tp-failure-issues"
            showNode
            onSelect={(issue) => {
              if (issue.nodeId !== undefined) kairoStore.getState().setSelection([issue.nodeId], []);
            }}
          />
        ) : null}
        <span className="muted small">{t('training.error.graphSafe')}</span>
      </div>
      {needsRestart(error) ? (
        <button type="button" className="btn btn--primary" onClick={() => void trainingSession.restart()} data-testid="training-restart">
          {t('training.restart')}
        </button>
      ) : null}
    </div>
  );
}

/** Whether the model takes colour or grey images that are not drawings: then "draw" becomes "try an image". */
function useImageModel(): boolean {
  return useKairo((state) => state.model?.plan.sampleKind === 'image');
}

function TabLabel({ tab }: { tab: TabName }): ReactNode {
  const t = useT();
  const imageModel = useImageModel();
  const accuracy = useKairo((state) => (state.evaluation.status === 'ready' ? state.evaluation.result.accuracy : null));
  const running = useKairo((state) => state.evaluation.status === 'running');
  if (tab === 'draw' && imageModel) return t('data.try.tab');
  if (tab !== 'evaluation') return t(`training.tab.${tab}`);
  return (
    <>
      {t('training.tab.evaluation')}
      {running ? <span className="tp-spinner tp-spinner--small" aria-hidden="true" /> : null}
      {accuracy !== null ? <span className="tp-tab-badge">{formatPercent(accuracy, 2)}</span> : null}
    </>
  );
}

export function TrainingPanel() {
  const t = useT();
  const open = useKairo((state) => state.trainingPanelOpen);
  const status = useKairo((state) => state.run.status);
  const word = useKairo((state) => statusWord(state.run));
  // A run or result of a graph that has since changed says so wherever its state is shown.
  const stale = useKairo(selectResultIsStale) && status !== 'idle' && status !== 'loading';
  useTrainingSession(open);
  const [tab, setTab] = useState<TabName>('progress');
  const imageModel = useImageModel();
  const [bodyHeight, setBodyHeight] = useState(defaultBodyHeight);
  const drag = useRef<{ startY: number; startHeight: number } | null>(null);

  const onResizeStart = (event: ReactPointerEvent<HTMLDivElement>) => {
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { startY: event.clientY, startHeight: bodyHeight };
  };
  const onResizeMove = (event: ReactPointerEvent<HTMLDivElement>) => {
    const start = drag.current;
    if (!start) return;
    const limit = Math.max(MIN_BODY_HEIGHT, window.innerHeight - 220);
    setBodyHeight(Math.min(limit, Math.max(MIN_BODY_HEIGHT, start.startHeight + start.startY - event.clientY)));
  };

  return (
    <section
      className={`training-panel tp${open ? ' is-open' : ''}`}
      aria-label={t('training.title')}
      data-testid="training-panel"
      data-status={status}
      data-stale={stale}
    >
      {open ? (
        <div
          className="tp-resize"
          aria-hidden="true"
          title={t('training.resize')}
          onPointerDown={onResizeStart}
          onPointerMove={onResizeMove}
          onPointerUp={() => {
            drag.current = null;
          }}
        />
      ) : null}
      <div className="training-head tp-head">
        <button
          type="button"
          className="training-toggle"
          aria-expanded={open}
          onClick={() => kairoStore.getState().setTrainingPanelOpen(!open)}
          title={open ? t('training.hide') : t('training.show')}
          data-testid="training-toggle"
        >
          <span className={`chevron${open ? ' is-open' : ''}`} aria-hidden="true" />
          {t('training.title')}
        </button>
        <span className={`tp-status tp-status--${status}${stale ? ' is-stale' : ''}`} data-testid="training-status">
          {t(`training.status.${word}`)}
          {stale ? <span className="tp-status-stale"> · {t('editor.stale.status')}</span> : null}
        </span>
        <ProgressBar />
        <TrainingControls />
      </div>
      {open ? (
        <div className="training-body tp-body" style={{ height: bodyHeight }}>
          <RunFailure />
          {stale ? <StaleNote testId="stale-banner" /> : null}
          <div className="tp-tabs" role="tablist" aria-label={t('training.title')}>
            {TABS.map((name) => (
              <button
                type="button"
                key={name}
                role="tab"
                id={`tp-tab-${name}`}
                aria-selected={tab === name}
                aria-controls="tp-tabpanel"
                className={`tp-tab${tab === name ? ' is-active' : ''}`}
                onClick={() => setTab(name)}
                data-testid={`training-tab-${name}`}
              >
                <TabLabel tab={name} />
              </button>
            ))}
          </div>
          <div className="tp-tabpanel" id="tp-tabpanel" role="tabpanel" aria-labelledby={`tp-tab-${tab}`}>
            {tab === 'progress' ? <TrainingProgress /> : null}
            {tab === 'evaluation' ? <TrainingEvaluation /> : null}
            {tab === 'draw' ? imageModel ? <TryImage /> : <DrawingPad /> : null}
            {tab === 'model' ? <ModelSummary /> : null}
            {tab === 'step' ? <StepPanel /> : null}
            {tab === 'runs' ? <RunHistory /> : null}
          </div>
        </div>
      ) : null}
    </section>
  );
}
