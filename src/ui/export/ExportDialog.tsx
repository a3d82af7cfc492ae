/**
 * The export dialog: the trained model (TF.js files, a bundle) when it belongs to the graph on the
 * canvas, code for Keras, Colab and PyTorch, pictures for slides, and opening a bundle or a TF.js
 * model. The state of the trained model and of the last action are `data-*` attributes, which the
 * browser tests wait on.
 */
import { useRef, useState } from 'react';
import type { ModelProblem } from '../../export/modelProblems';
import { graphFingerprint } from '../../graph/fingerprint';
import { hasErrors } from '../../graph/issues';
import { selectAnalysis, useKairo } from '../../store/index';
import { Modal } from '../chrome/Modal';
import { useLanguage, useT } from '../useT';
import {
  type ActionResult,
  type CodeTarget,
  downloadBundle,
  downloadCanvasPng,
  downloadCanvasSvg,
  downloadCharts,
  downloadCode,
  downloadConfusionMatrix,
  downloadTfjsModel,
  openModelFiles,
} from './exportActions';
import './export.css';

type Status =
  | { state: 'idle' }
  | { state: 'working' }
  | { state: 'done'; files: string[] }
  | { state: 'opened'; name: string }
  | { state: 'refused'; name: string; problem: ModelProblem }
  | { state: 'failed'; code: string; reason: string };

function ModelStatus() {
  const t = useT();
  const language = useLanguage();
  const summary = useKairo((state) => state.trainedModel);
  const current = useKairo((state) => (state.trainedModel ? state.trainedModel.fingerprint === graphFingerprint(state.graph) : false));
  const modelState = !summary ? 'none' : current ? 'current' : 'outOfDate';
  let text = t('export.model.none');
  if (summary && current) {
    const date = new Date(summary.savedAt).toLocaleString(language === 'ja' ? 'ja-JP' : 'en-GB');
    text =
      summary.accuracy === null
        ? t('export.model.currentNoEval', { epochs: summary.epochs, date })
        : t('export.model.current', { epochs: summary.epochs, accuracy: summary.accuracy.toFixed(4), date });
  } else if (summary) text = t('export.model.outOfDate');
  return (
    <p className={`ex-model ex-model--${modelState}`} data-testid="export-model-status" data-state={modelState} data-stored={summary?.stored ? 'yes' : 'no'}>
      {text}
    </p>
  );
}

export function ExportDialog({ onClose }: { onClose: () => void }) {
  const t = useT();
  const [status, setStatus] = useState<Status>({ state: 'idle' });
  const fileInput = useRef<HTMLInputElement>(null);
  const modelCurrent = useKairo((state) => (state.trainedModel ? state.trainedModel.fingerprint === graphFingerprint(state.graph) : false));
  const graphInvalid = useKairo((state) => hasErrors(selectAnalysis(state).issues));
  const evaluated = useKairo((state) => state.evaluation.status === 'ready');

  const run = async (action: () => ActionResult | Promise<ActionResult>) => {
    setStatus({ state: 'working' });
    try {
      const result = await action();
      if (result.ok) setStatus({ state: 'done', files: result.files });
      else if ('problem' in result) setStatus({ state: 'failed', code: result.problem.code, reason: t(`export.problem.${result.problem.code}`, result.problem.vars) });
      else if ('source' in result) setStatus({ state: 'failed', code: 'UNKNOWN_SOURCE', reason: t('export.code.unknownSource', { source: result.source }) });
      else setStatus({ state: 'failed', code: 'GRAPH_INVALID', reason: t('export.code.invalid') });
    } catch (error) {
      setStatus({ state: 'failed', code: 'EXPORT_FAILED', reason: error instanceof Error ? error.message : String(error) });
    }
  };
  const open = async (files: File[]) => {
    setStatus({ state: 'working' });
    const result = await openModelFiles(files);
    setStatus(result.ok ? { state: 'opened', name: result.name } : { state: 'refused', name: result.name, problem: result.problem });
  };
  const codeButton = (target: CodeTarget, label: string) => (
    <button type="button" className="btn" disabled={graphInvalid} onClick={() => void run(() => downloadCode(target))} data-testid={`export-${target}`}>
      {label}
    </button>
  );

  let statusText = '';
  if (status.state === 'working') statusText = t('export.status.working');
  else if (status.state === 'done') statusText = t('export.status.downloaded', { name: status.files.join(', ') });
  else if (status.state === 'opened') statusText = t('export.status.opened', { name: status.name });
  else if (status.state === 'refused') statusText = t('export.status.refused', { name: status.name, reason: t(`export.problem.${status.problem.code}`, status.problem.vars) });
  else if (status.state === 'failed') statusText = t('export.status.failed', { reason: status.reason });
  const statusCode = status.state === 'refused' ? status.problem.code : status.state === 'failed' ? status.code : undefined;

  return (
    <Modal title={t('export.title')} onClose={onClose} closeLabel={t('export.close')} wide testId="export-dialog">
      <section className="ex-section">
        <h3>{t('export.model.heading')}</h3>
        <ModelStatus />
        <div className="ex-buttons">
          <button type="button" className="btn btn--primary" disabled={!modelCurrent} title={t('export.model.tfjsTitle')} onClick={() => void run(downloadTfjsModel)} data-testid="export-tfjs">
            {t('export.model.tfjs')}
          </button>
          <button type="button" className="btn" disabled={!modelCurrent} title={t('export.model.bundleTitle')} onClick={() => void run(downloadBundle)} data-testid="export-bundle">
            {t('export.model.bundle')}
          </button>
        </div>
      </section>
      <section className="ex-section">
        <h3>{t('export.code.heading')}</h3>
        <div className="ex-buttons">
          {codeButton('keras', t('export.code.keras'))}
          {codeButton('notebook', t('export.code.notebook'))}
          {codeButton('pytorch', t('export.code.pytorch'))}
        </div>
        <p className="small muted">{graphInvalid ? t('export.code.invalid') : t('export.code.hint')}</p>
      </section>
      <section className="ex-section">
        <h3>{t('export.pictures.heading')}</h3>
        <div className="ex-buttons">
          <button type="button" className="btn" onClick={() => void run(downloadCanvasPng)} data-testid="export-canvas-png">
            {t('export.pictures.canvasPng')}
          </button>
          <button type="button" className="btn" onClick={() => void run(downloadCanvasSvg)} data-testid="export-canvas-svg">
            {t('export.pictures.canvasSvg')}
          </button>
          <button type="button" className="btn" disabled={!evaluated} onClick={() => void run(downloadCharts)} data-testid="export-charts">
            {t('export.pictures.charts')}
          </button>
          <button type="button" className="btn" disabled={!evaluated} onClick={() => void run(downloadConfusionMatrix)} data-testid="export-matrix">
            {t('export.pictures.matrix')}
          </button>
        </div>
        {evaluated ? null : <p className="small muted">{t('export.pictures.noRun')}</p>}
      </section>
      <section className="ex-section">
        <h3>{t('export.open.heading')}</h3>
        <div className="ex-buttons">
          <button type="button" className="btn" onClick={() => fileInput.current?.click()} data-testid="export-open">
            {t('export.open.button')}
          </button>
          <input
            ref={fileInput}
            type="file"
            multiple
            accept=".zip,.json,.bin,application/zip,application/json"
            hidden
            data-testid="export-open-input"
            onChange={(event) => {
              const files = Array.from(event.target.files ?? []);
              event.target.value = '';
              if (files.length > 0) void open(files);
            }}
          />
        </div>
        <p className="small muted">{t('export.open.hint')}</p>
      </section>
      <p className={`ex-status ex-status--${status.state}`} role="status" data-testid="export-status" data-state={status.state} data-code={statusCode}>
        {statusText}
      </p>
    </Modal>
  );
}
